#!/bin/sh
# Runs threads_main (see threads_main.cc) with the given --models.
exec "$@"
