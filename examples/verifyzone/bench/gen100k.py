#!/usr/bin/env python3
"""Writes the unsigned 100,000-name zone of examples/verifyzone/README.md
("Speed and memory"): every 50th name an insecure delegation with glue,
every 10th with AAAA and TXT, and a wildcard. Sign it with
dnssec-signzone -S -n 2 -3 - -H 0 -O full (see bench/crypto.sh)."""
import sys

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    w = sys.stdout.write
    w("$ORIGIN bench.\n$TTL 3600\n")
    w("@ SOA ns1.bench. hostmaster.bench. 1 7200 3600 1209600 3600\n@ NS ns1.bench.\nns1 A 192.0.2.53\n")
    w("*.wild TXT \"wildcard\"\n")
    for i in range(n):
        name = f"h{i:06d}"
        if i % 50 == 0:
            w(f"{name} NS ns.{name}\nns.{name} A 192.0.2.{i % 250 + 1}\n")
            continue
        w(f"{name} A 192.0.2.{i % 250 + 1}\n")
        if i % 10 == 0:
            w(f"{name} AAAA 2001:db8::{i % 65535:x}\n{name} TXT \"name {i}\"\n")

if __name__ == "__main__":
    main()
