package main

import (
	"bytes"
	"errors"

	"github.com/miekg/dns"
)

// zoneOrigin returns the owner of the first SOA record in a zone file.
func zoneOrigin(zone []byte) (string, error) {
	zp := dns.NewZoneParser(bytes.NewReader(zone), "", "")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if rr.Header().Rrtype == dns.TypeSOA {
			return dns.CanonicalName(rr.Header().Name), nil
		}
	}
	if err := zp.Err(); err != nil {
		return "", err
	}
	return "", errors.New("no SOA record: not a zone file")
}
