#!/bin/sh
# Runs one Criterion test binary with TAP output for automake's TAP driver.
exec "$@" --tap=- -j1
