"""spaCy pre-annotation: sentences, entity mentions and TIMEX3 expressions, written into
a record as unchecked `tool:<name>/<version>` proposals (see `merge`)."""
