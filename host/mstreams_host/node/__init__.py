"""`mstreams node`: a Chrysalis (IOTA 1.5) node REST subset over a local store."""
