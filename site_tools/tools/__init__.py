"""Tools around the built site: preview server, host rules, link check, content report, synthetic data, benchmark."""
