"""Imported by the forkserver of the build's shard pool when it starts (multiprocessing's
`set_forkserver_preload`): the forkserver then dies with the build, and its workers with
it (`lifeline.die_with_parent` in each). Without this the workers, which hold the
forkserver's "alive" pipe open, and the forkserver kept each other running for good
after a kill -9 of the build."""

from .lifeline import die_with_parent

die_with_parent()
