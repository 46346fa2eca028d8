package escrow

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

const hostileHead = `<rde:deposit xmlns:rde="urn:ietf:params:xml:ns:rde-1.0" xmlns:rdeDomain="urn:ietf:params:xml:ns:rdeDomain-1.0" type="FULL" id="1"><rde:watermark>2020-01-01T00:00:00Z</rde:watermark><rde:rdeMenu><rde:version>1.0</rde:version><rde:objURI>x</rde:objURI></rde:rdeMenu><rde:contents>`

// endless repeats a pattern forever: hostile input must be cut off by a
// limit, never read to the end.
type endless struct {
	head, body []byte
	pos        int
}

func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		if len(e.head) > 0 {
			c := copy(p[n:], e.head)
			e.head = e.head[c:]
			n += c
			continue
		}
		c := copy(p[n:], e.body[e.pos:])
		e.pos = (e.pos + c) % len(e.body)
		n += c
	}
	return n, nil
}

// TestHostileInput checks that attacks end with a typed error within the
// limits (RFC 8909 §4 deposits are plain UTF-8 XML without DTDs).
func TestHostileInput(t *testing.T) {
	tests := []struct {
		name string
		in   io.Reader
		kind error
		want string
	}{
		{"deep nesting", &endless{head: []byte(hostileHead), body: []byte("<rdeDomain:domain>")}, ErrLimitExceeded, "nesting deeper than"},
		{"huge attribute", &endless{head: []byte(hostileHead + `<rdeDomain:domain a="`), body: []byte("x")}, ErrLimitExceeded, "longer than"},
		{"huge text", &endless{head: []byte(hostileHead + `<rdeDomain:domain><rdeDomain:name>`), body: []byte("y")}, ErrLimitExceeded, "longer than"},
		{"many attributes", strings.NewReader(hostileHead + "<rdeDomain:domain " + strings.Repeat(`a="1" `, 100) + "/>"), ErrLimitExceeded, "attributes"},
		{"long name", strings.NewReader(hostileHead + "<rdeDomain:" + strings.Repeat("n", 300) + "/>"), ErrLimitExceeded, "name longer"},
		{"huge object", &endless{head: []byte(hostileHead + `<rdeDomain:domain>`), body: []byte("<rdeDomain:status s=\"ok\"/>")}, ErrLimitExceeded, "more than"},
		{"billion laughs", strings.NewReader(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><rde:deposit>&lol2;</rde:deposit>`), ErrMalformed, "document type declaration"},
		{"external entity", strings.NewReader(`<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>`), ErrMalformed, "document type declaration"},
		{"undefined entity", strings.NewReader(hostileHead + `<rdeDomain:domain>&xxe;</rdeDomain:domain>`), ErrMalformed, "entity reference"},
		{"bad char ref", strings.NewReader(hostileHead + `<rdeDomain:domain>&#0;</rdeDomain:domain>`), ErrMalformed, "character reference"},
		{"non-UTF-8", strings.NewReader(hostileHead + "<rdeDomain:domain>\xff</rdeDomain:domain>"), ErrMalformed, "UTF-8"},
		{"other encoding", strings.NewReader(`<?xml version="1.0" encoding="ISO-8859-1"?><x/>`), ErrMalformed, "encoding"},
		{"undeclared prefix", strings.NewReader(hostileHead + `<nope:domain/>`), ErrMalformed, "undeclared namespace prefix"},
		{"mismatched tag", strings.NewReader(hostileHead + `<rdeDomain:domain></rdeDomain:host>`), ErrMalformed, "does not match"},
		{"duplicate attribute", strings.NewReader(hostileHead + `<rdeDomain:domain a="1" a="2"/>`), ErrMalformed, "duplicate attribute"},
		{"truncated", strings.NewReader(hostileHead + `<rdeDomain:domain><rdeDomain:name>x`), ErrMalformed, "unexpected end of input"},
		{"not a deposit", strings.NewReader(`<html/>`), ErrMalformed, "root element"},
		{"empty", strings.NewReader(``), ErrMalformed, "no root element"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.in, &ReaderConfig{MaxTokenBytes: 1 << 20, MaxObjectBytes: 4 << 20, MaxObjectElements: 10000})
			var err error
			if _, err = r.Deposit(); err == nil {
				for r.Next() {
				}
				err = r.Err()
			}
			var e *Error
			if !errors.As(err, &e) || !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got %v, want %v containing %q", err, tt.kind, tt.want)
			}
		})
	}
}

func TestHostileCSVInDeposit(t *testing.T) {
	// A CSV file outside the given file system is refused by name.
	spec := &CSVSpec{sep: ','}
	for _, name := range []string{"../etc/passwd", "/etc/passwd", "a/../../b"} {
		if _, err := openCSV(rfcCSVFS(t), spec, csvFile{Name: name}, nil); err == nil || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: %v", name, err)
		}
	}
	var b bytes.Buffer
	zw := newGzip(&b)
	zw.Write(bytes.Repeat([]byte("0,"), 4<<20))
	zw.Close()
	cr, _ := newCSVReader(bytes.NewReader(b.Bytes()), spec, csvFile{Name: "x.gz", Compression: "gzip"}, nil)
	for cr.next() {
	}
	if !errors.Is(cr.failure(), ErrLimitExceeded) {
		t.Errorf("bomb: %v", cr.failure())
	}
}
