"""Tests of `mstreams node`, the transport client, and the official client against them."""
