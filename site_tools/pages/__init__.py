"""Stage 2, pages: which pages the site has, at which address, and what each kind of page shows."""
