"""The local review app: a queue of flagged corrections beside the scan, audit, export."""
