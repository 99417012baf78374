"""What happens to built data after the build: releases and their checks (`checks`),
publishing to the Hugging Face Hub (`publish`, `uploadset`), putting withheld text back
from one's own copies (`rehydrate`, `copies`), and the corpus diff between revisions
(`diff`)."""
