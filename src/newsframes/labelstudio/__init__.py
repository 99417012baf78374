"""Label Studio round trip: the labeling config generated from the taxonomies
(`config`), records to tasks (`tasks`), annotations back into records (`merge`), and
the optional push/pull through label-studio-sdk (`server`)."""
