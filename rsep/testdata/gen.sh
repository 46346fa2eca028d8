#!/usr/bin/env bash
# Regenerates the signed fixtures of rsep/testdata with the peer signers
# (BIND dnssec-keygen/dnssec-signzone, ldns-signzone). Keys are fresh on every
# run, so the outputs change; the tests only depend on their structure.
# Signature validity: 2026-11-01 .. 2027-01-01 (tests evaluate at 2026-12-01).
# Run from rsep/testdata: bash gen.sh
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
here=$(pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
S=20261101000000; E=20270101000000
keygen() { (cd "$tmp" && dnssec-keygen -q -a "$1" ${3:+-b $3} ${2:+-f $2} example. 2>/dev/null); }
ds() { (cd "$tmp" && dnssec-dsfromkey -T 86400 -a "${2:-SHA-256}" "$1.key"); }
sign() { # sign out in nsec3? keys-published... -- keys-signing...
	local out=$1 in=$2 nsec3=$3; shift 3
	local pub=() sig=() mode=pub
	for k in "$@"; do if [ "$k" = -- ]; then mode=sig; continue; fi; [ $mode = pub ] && pub+=("$k") || sig+=("$k"); done
	cp "$here/src/$in" "$tmp/z"
	for k in "${pub[@]}"; do grep -v '^;' "$tmp/$k.key" >>"$tmp/z"; done
	local opts=()
	[ "$nsec3" = nsec3 ] && opts=(-3 - -H 0)
	(cd "$tmp" && dnssec-signzone -q "${opts[@]}" -P -o example. -s $S -e $E -f "$here/$out" z "${sig[@]}" >/dev/null)
}

# good.zone: ECDSA P-256 KSK+ZSK, NSEC3 without salt or extra iterations.
ksk=$(keygen ECDSAP256SHA256 KSK); zsk=$(keygen ECDSAP256SHA256)
sign good.zone good.in nsec3 $ksk $zsk -- $ksk $zsk
{ grep -E 'IN\s+(NS|A|AAAA)' src/good.in | grep -E '^(example\.|ns[12]\.nic)'; ds $ksk; } >parent-good.txt
# The same delegation with a SHA-1 DS and a DS for no key (SEC04 failing).
{ grep -E 'IN\s+(NS|A|AAAA)' src/good.in | grep -E '^(example\.|ns[12]\.nic)'; ds $ksk SHA-1; echo 'example. 86400 IN DS 1 13 2 0000000000000000000000000000000000000000000000000000000000000000'; } >parent-bad.txt

# bad.zone: RSASHA1 (algorithm 5) keys and NSEC3 with 100 iterations, signed
# by ldns-signzone (BIND refuses NSEC3 with algorithm 5).
k5=$(cd "$tmp" && ldns-keygen -a RSASHA1 -b 2048 -k example.); z5=$(cd "$tmp" && ldns-keygen -a RSASHA1 -b 2048 example.)
(cd "$tmp" && ldns-signzone -n -t 100 -i $S -e $E -f "$here/bad.zone" "$here/src/bad.in" $k5 $z5)
for k in $k5 $z5; do rm -f "$tmp/$k.ds"; done

# Timelines: algorithm roll 8 -> 13 (roll-*) and NSEC with algorithm 5 ->
# NSEC3 with algorithm 8 (nsec3-*), each done correctly (ok: new keys and
# signatures first, DS next, old keys and signatures last) and wrongly (bad:
# everything switched in one step, old signatures removed too early).
a8k=$(keygen RSASHA256 KSK 2048); a8z=$(keygen RSASHA256 "" 2048)
b13k=$(keygen ECDSAP256SHA256 KSK); b13z=$(keygen ECDSAP256SHA256)
sign roll-ok-0.zone roll.in nsec $a8k $a8z -- $a8k $a8z;                       ds $a8k >roll-ok-0.ds
sign roll-ok-1.zone roll.in nsec $a8k $a8z $b13k $b13z -- $a8k $a8z $b13k $b13z; ds $a8k >roll-ok-1.ds
cp roll-ok-1.zone roll-ok-2.zone;                                                ds $b13k >roll-ok-2.ds
sign roll-ok-3.zone roll.in nsec $b13k $b13z -- $b13k $b13z;                   ds $b13k >roll-ok-3.ds
cp roll-ok-3.zone roll-bad-1.zone; cp roll-ok-0.ds roll-bad-1.ds
cp roll-ok-3.zone roll-bad-2.zone; cp roll-ok-3.ds roll-bad-2.ds

c5k=$(cd "$tmp" && ldns-keygen -a RSASHA1 -b 2048 -k example.); c5z=$(cd "$tmp" && ldns-keygen -a RSASHA1 -b 2048 example.)
for k in $c5k $c5z; do rm -f "$tmp/$k.ds"; done
sign nsec3-ok-0.zone roll.in nsec $c5k $c5z -- $c5k $c5z;                      ds $c5k >nsec3-ok-0.ds
sign nsec3-ok-1.zone roll.in nsec $c5k $c5z $a8k $a8z -- $c5k $c5z $a8k $a8z;  ds $c5k >nsec3-ok-1.ds
cp nsec3-ok-1.zone nsec3-ok-2.zone;                                              ds $a8k >nsec3-ok-2.ds
sign nsec3-ok-3.zone roll.in nsec3 $a8k $a8z -- $a8k $a8z;                     ds $a8k >nsec3-ok-3.ds
cp nsec3-ok-3.zone nsec3-bad-1.zone; cp nsec3-ok-0.ds nsec3-bad-1.ds
cp nsec3-ok-3.zone nsec3-bad-2.zone; cp nsec3-ok-3.ds nsec3-bad-2.ds

# Peer verdicts on the signed fixtures.
for z in good.zone roll-ok-*.zone nsec3-ok-*.zone; do
	dnssec-verify -q -o example. "$z" >/dev/null 2>&1 || echo "dnssec-verify rejects $z" >&2
done

# Peer fixtures for peer_test.go: served by knotd on 127.53.7.1 and
# 127.53.7.2, checked by zonemaster-cli. peer-good: ECDSA, NSEC3 0/no salt.
# peer-bad: RSASHA1 (algorithm 5), NSEC3 with 100 iterations and a salt, SOA
# timers under the Zonemaster minima.
pk=$(keygen ECDSAP256SHA256 KSK); pz=$(keygen ECDSAP256SHA256)
sign peer-good.zone peer.in nsec3 $pk $pz -- $pk $pz; ds $pk >peer-good.ds
q5k=$(cd "$tmp" && ldns-keygen -a RSASHA1 -b 2048 -k example.); q5z=$(cd "$tmp" && ldns-keygen -a RSASHA1 -b 2048 example.)
(cd "$tmp" && ldns-signzone -n -t 100 -s BEEF -i $S -e $E -f "$here/peer-bad.zone" "$here/src/peer-bad.in" $q5k $q5z)
(cd "$tmp" && dnssec-dsfromkey -T 86400 -2 "$q5k.key") >peer-bad.ds

# A test root signed by dnssec-signzone that delegates example. (good.zone)
# with its DS: parent-chain.txt is the root-side excerpt (root DNSKEY set and
# its RRSIGs, the delegation and the signed DS set) and root-anchor.ds the
# trust anchor of this test root (SEC09).
rk=$(cd "$tmp" && dnssec-keygen -q -a ECDSAP256SHA256 -f KSK .); rz=$(cd "$tmp" && dnssec-keygen -q -a ECDSAP256SHA256 .)
{ printf '$TTL 86400\n. IN SOA a.root. nstld.root. 2026112601 1800 900 604800 86400\n. IN NS a.root.\na.root. IN A 185.24.80.1\n'
  cat parent-good.txt; cat "$tmp/$rk.key" "$tmp/$rz.key" | grep -v '^;'; } >"$tmp/root.in"
(cd "$tmp" && dnssec-signzone -q -O full -o . -s $S -e $E -f root.signed root.in $rk $rz >/dev/null)
awk '($1=="." && ($4=="DNSKEY" || ($4=="RRSIG" && $5=="DNSKEY"))) || ($1=="example." && ($4=="NS" || $4=="DS" || ($4=="RRSIG" && $5=="DS"))) || (($1=="ns1.nic.example." || $1=="ns2.nic.example.") && ($4=="A" || $4=="AAAA"))' "$tmp/root.signed" >parent-chain.txt
(cd "$tmp" && dnssec-dsfromkey -2 "$rk.key") >root-anchor.ds
