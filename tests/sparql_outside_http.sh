#!/bin/sh
# The W3C SPARQL 1.0 + 1.1 query and update tests over HTTP (one `sila serve`).
exec ./sparql_outside http
