#!/bin/sh
# Benchmark of issue 16 (not a CI test): a TLD-shaped zone of N delegations
# (default 2,000,000; two out-of-zone NS each, every 10th with a DS RRset),
# NSEC3 opt-out with 0 iterations and no salt, ECDSA P-256 KSK + ZSK, signed
# by dnssec-signzone in its default output; then verifyzone, dnssec-verify
# and knotc zone-check verify it in interleaved rounds, each under
# /usr/bin/time (wall seconds, peak RSS).
#
#   sh examples/verifyzone/bench/tld.sh [DIR [N [ROUNDS]]]
#
# DIR (default /tmp/ssr-tldbench) keeps the zone between runs; delete it to
# regenerate. Needs python3, bind9-utils, knot and GNU time.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/ssr-tldbench}
n=${2:-2000000}
rounds=${3:-3}
PATH=$PATH:/usr/sbin
mkdir -p "$dir"
cd "$dir"
if [ ! -s tld.signed ]; then
	rm -f K* tld.zone
	python3 "$here/gentld.py" "$n" tld > tld.zone
	dnssec-keygen -q -a ECDSAP256SHA256 -f KSK tld >/dev/null
	dnssec-keygen -q -a ECDSAP256SHA256 tld >/dev/null
	cat K*.key >> tld.zone
	dnssec-signzone -q -3 - -A -H 0 -P -o tld -f tld.signed tld.zone
fi
(cd "$here/.." && go build -o "$dir/verifyzone" .)
cat > knot.conf <<KNOT
server:
    rundir: "$dir"
    background-workers: 2
database:
    storage: "$dir/knotdb"
template:
  - id: default
    storage: "$dir"
    semantic-checks: on
zone:
  - domain: tld.
    file: "$dir/tld.signed"
KNOT
ls -l tld.signed
grep -c . tld.signed || true
run() {
	name=$1
	shift
	/usr/bin/time -f "$name %e s %M KB %U user %S sys" "$@" >/dev/null 2>"$name.err" || true
	tail -1 "$name.err"
}
for i in $(seq "$rounds"); do
	echo "round $i, load $(cut -d' ' -f1-3 /proc/loadavg)"
	run verifyzone ./verifyzone -q tld.signed
	run verifyzone-mem512M ./verifyzone -q -mem 512M tld.signed
	run dnssec-verify dnssec-verify -q -o tld tld.signed
	run knotc-zone-check knotc -c knot.conf zone-check tld.
done
