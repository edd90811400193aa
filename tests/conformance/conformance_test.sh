#!/bin/sh
# Runs the conformance suite; see conformance_main.cc.
exec "$1" --must_pass="$2"
