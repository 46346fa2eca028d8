#!/usr/bin/env python3
"""Writes an unsigned TLD zone of N delegations (two out-of-zone name
servers each, every 10th with a DS RRset) for bench/tld.sh. Deterministic:
the DS digests come from SHA-256 over the delegation's name."""
import hashlib, sys

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
    tld = sys.argv[2] if len(sys.argv) > 2 else "tld"
    out = sys.stdout
    w = out.write
    w(f"$ORIGIN {tld}.\n$TTL 86400\n")
    w(f"@ IN SOA ns1.nic.example. hostmaster.nic.example. 1 7200 3600 1209600 3600\n")
    w("@ IN NS ns1.nic.example.\n@ IN NS ns2.nic.example.\n")
    for i in range(n):
        name = f"d{i:07d}"
        w(f"{name} IN NS ns1.dns{i % 997}.example.net.\n{name} IN NS ns2.dns{i % 991}.example.org.\n")
        if i % 10 == 0:
            d = hashlib.sha256(name.encode()).hexdigest().upper()
            w(f"{name} IN DS {10000 + i % 50000} 13 2 {d}\n")

if __name__ == "__main__":
    main()
