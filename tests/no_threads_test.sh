#!/bin/sh
# Without a pool, generated code starts no thread and takes no lock: a program
# running conv_pool (a kernel that splits its work when it has a pool)
# references no threading or locking symbol, and has one thread after Run().
# usage: no_threads_test.sh PROGRAM
prog="$1"
syms=$(nm -u "$prog") || { echo "FAIL: nm $prog"; exit 1; }
if ! echo "$syms" | grep -q memcpy; then echo "FAIL: nm did not list memcpy in $prog"; exit 1; fi
bad=$(echo "$syms" | grep -iE 'pthread|mutex|gthr|thrd_|futex|condition_variable|6thread' || true)
if [ -n "$bad" ]; then
  echo "FAIL: $prog references threading symbols:"
  echo "$bad"
  exit 1
fi
echo "ok: no threading symbol among $(echo "$syms" | wc -l) undefined symbols"
"$prog" || { echo "FAIL: $prog"; exit 1; }
