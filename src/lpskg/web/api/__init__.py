"""JSON for machines: the case and publication API, diagnoses, named queries, labels, search,
the OpenAPI description, health and metrics."""
