"""mstreams host package: the `mstreams` command, the node and the transport client."""
