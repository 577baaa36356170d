"""Records coming in: staff tables, "Betrieb anmelden" issues and new templates, written as record files."""
