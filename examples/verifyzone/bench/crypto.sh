#!/bin/sh
# The 100,000-name figures of examples/verifyzone/README.md: verifyzone
# against the Go crypto bound (dnssec TestZoneCryptoBound) on the same
# ECDSA zone, interleaved (not a CI test).
#
#   sh examples/verifyzone/bench/crypto.sh [DIR [ROUNDS]]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/ssr-100k}
rounds=${2:-3}
PATH=$PATH:/usr/sbin
mkdir -p "$dir"
if [ ! -s "$dir/bench.signed" ]; then
	(cd "$dir" && rm -f K* && python3 "$here/gen100k.py" > bench.zone &&
		dnssec-keygen -q -a ECDSAP256SHA256 -f KSK bench >/dev/null &&
		dnssec-keygen -q -a ECDSAP256SHA256 bench >/dev/null &&
		dnssec-signzone -q -S -n 2 -3 - -H 0 -O full -o bench -f bench.signed bench.zone)
fi
(cd "$here/.." && go build -o "$dir/verifyzone" .)
(cd "$here/../../../dnssec" && go test -c -o "$dir/dnssec.test" .)
for i in $(seq "$rounds"); do
	echo "round $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
	/usr/bin/time -f "verifyzone %e s %M KB %U user %S sys" "$dir/verifyzone" -q "$dir/bench.signed" >/dev/null
	(cd "$here/../../../dnssec" && SSR_ZONE_BENCH="$dir/bench.signed" "$dir/dnssec.test" -test.run 'ZoneCryptoBound$' -test.v | grep 'crypto bound')
done
