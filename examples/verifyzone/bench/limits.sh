#!/bin/sh
# Issue 16, "Done when" #3 (not a CI test; dnssec/zone_guard_test.go holds
# the fast checks): small or endless hostile inputs must end, under a 3 GB
# address-space cap, with a one-line error naming the limit and exit 2, for
# verifyzone, rsepcheck -zone, tldcheck -zone and tldcheck -root.
#
#   sh examples/verifyzone/bench/limits.sh [DIR]
#
# DIR (default /tmp/ssr-limits) receives the inputs (a 4 GB sparse file
# takes no space) and the programs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-/tmp/ssr-limits}
mkdir -p "$dir"
for p in verifyzone rsepcheck tldcheck; do
	(cd "$here/../../$p" && go build -o "$dir/$p" .)
done
cd "$dir"
head='$ORIGIN example.
$TTL 3600
@ SOA ns1 host 1 7200 3600 1209600 3600
@ NS ns1
ns1 A 192.0.2.1'
{ echo "$head"; for i in $(seq 200); do echo "\$GENERATE 0-65535 host-$i-\$ 3600 IN A 192.0.2.1 ; a comment to make the line longer, as in the report of issue 16"; done; } > generate-200.zone
{ echo "$head"; for i in $(seq 30); do echo "\$GENERATE 0-65535 h$i-\$ A 192.0.2.1"; done; } > generate-30.zone
python3 -c "import sys; sys.stdout.write('example. 3600 IN TXT \"' + 'a' * 300_000_000 + '\"\n')" > line-300M.zone
head -c 300M /dev/zero > nul-300M.zone
rm -f sparse-4G.zone && truncate -s 4G sparse-4G.zone
head -c 2G /dev/zero | gzip -1 > bomb.zone.gz
# A gzip bomb of records that parse: one owner, 100 M identical lines.
python3 -c "
import gzip, sys
with gzip.open('records-bomb.zone.gz', 'wb', compresslevel=9) as f:
    f.write(b'example. 3600 IN SOA ns1.example. h.example. 1 2 3 4 5\n')
    line = b'a.example. 3600 IN A 192.0.2.1\n' * 100_000
    for _ in range(1000):
        f.write(line)
"
ls -l generate-200.zone generate-30.zone line-300M.zone nul-300M.zone sparse-4G.zone bomb.zone.gz records-bomb.zone.gz
# A small valid zone for tldcheck's -zone when -root is the one under test.
printf 'example. 3600 IN SOA ns1.example. h.example. 1 2 3 4 5\nexample. 3600 IN NS ns1.example.\nns1.example. 3600 IN A 192.0.2.1\n' > ok.zone
fail=0
check() {
	what=$1
	shift
	set +e
	( ulimit -v 3000000; exec "$@" ) >/dev/null 2>err.txt
	rc=$?
	set -e
	msg=$(grep -v '^rsepcheck: reading\|^tldcheck: checking' err.txt || true)
	lines=$(printf '%s\n' "$msg" | grep -c . || true)
	# Named: a Max* limit, or a refusal of binary input (a NUL byte) before
	# any limit is reached.
	case "$msg" in *limits.go\ Max*|*.Max[A-Z]*|*"binary data, not a text file"*) named=yes ;; *) named=no ;; esac
	verdict=ok
	if [ "$rc" != 2 ] || [ "$lines" != 1 ] || [ "$named" != yes ]; then verdict=FAIL; fail=1; fi
	printf '%-4s %-44s exit %s, %s line(s): %.160s\n' "$verdict" "$what" "$rc" "$lines" "$msg"
}
for f in generate-200.zone generate-30.zone line-300M.zone nul-300M.zone /dev/zero sparse-4G.zone bomb.zone.gz records-bomb.zone.gz; do
	check "verifyzone $f" ./verifyzone -q "$f"
	check "rsepcheck -zone $f" ./rsepcheck -origin example. -zone "$f"
	check "tldcheck -zone $f" ./tldcheck -zone "$f"
	check "tldcheck -root $f" ./tldcheck -zone ok.zone -root "$f"
done
exit $fail
