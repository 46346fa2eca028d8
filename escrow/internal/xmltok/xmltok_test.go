package xmltok

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// events renders the token stream as lines: "<{ns}local a={ns}n=v>", "</{ns}local>", "text".
func events(in string, lim Limits) ([]string, error) {
	t := New(strings.NewReader(in), lim)
	var out []string
	for {
		k, err := t.Next()
		if err != nil {
			return out, err
		}
		switch k {
		case EOF:
			return out, nil
		case StartElement:
			s := fmt.Sprintf("<{%s}%s", ws.Replace(t.Name().Space), t.Name().Local)
			for _, a := range t.Attrs() {
				s += fmt.Sprintf(" {%s}%s=%q", ws.Replace(a.Name.Space), a.Name.Local, ws.Replace(string(a.Value)))
			}
			out = append(out, s+">")
		case EndElement:
			out = append(out, fmt.Sprintf("</{%s}%s>", ws.Replace(t.Name().Space), t.Name().Local))
		case Text:
			if !t.TextIsSpace() {
				out = append(out, string(t.Text()))
			}
		}
	}
}

// ws maps the white space encoding/xml leaves in attribute values (it does
// not apply XML 1.0 §3.3.3 normalization) to spaces; character references
// to white space are then compared loosely, on both sides.
var ws = strings.NewReplacer("\n", " ", "\t", " ", "\r", " ")

// stdEvents renders the same stream with encoding/xml, for comparison.
func stdEvents(in string) ([]string, error) {
	d := xml.NewDecoder(strings.NewReader(in))
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			s := fmt.Sprintf("<{%s}%s", ws.Replace(tok.Name.Space), tok.Name.Local)
			for _, a := range tok.Attr {
				if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
					continue
				}
				s += fmt.Sprintf(" {%s}%s=%q", ws.Replace(a.Name.Space), a.Name.Local, ws.Replace(a.Value))
			}
			out = append(out, s+">")
		case xml.EndElement:
			out = append(out, fmt.Sprintf("</{%s}%s>", ws.Replace(tok.Name.Space), tok.Name.Local))
		case xml.CharData:
			if strings.TrimSpace(string(tok)) != "" {
				out = append(out, string(tok))
			}
		}
	}
}

func TestNamespaceScoping(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<a:root xmlns:a="urn:a" xmlns="urn:default" b:x="1" xmlns:b="urn:b">
  <child a:y="2" z="3">t&amp;t&#x41;<![CDATA[<raw>]]></child>
  <a:inner xmlns:a="urn:a2"><a:leaf/></a:inner>
  <a:after/>
  <plain xmlns=""><sub/></plain>
  <back/>
</a:root>`
	got, err := events(in, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := stdEvents(in)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ours:\n%s\nencoding/xml:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Spot checks of the scoping rules (Namespaces in XML 1.0 §6).
	for _, line := range []string{
		`<{urn:a2}leaf>`,      // redeclared prefix inside
		`<{urn:a}after>`,      // restored after the scope ends
		`<{}sub>`,             // default namespace undeclared
		`<{urn:default}back>`, // and restored
		`<{urn:default}child {urn:a}y="2" {}z="3">`, // unprefixed attributes have no namespace
	} {
		found := false
		for _, g := range got {
			found = found || g == line
		}
		if !found {
			t.Errorf("missing %s in\n%s", line, strings.Join(got, "\n"))
		}
	}
}

func TestErrors(t *testing.T) {
	tests := []struct {
		in   string
		kind error
	}{
		{`<a><b></a>`, ErrSyntax},
		{`<a x="1" x="2"/>`, ErrSyntax},
		{`<p:a/>`, ErrSyntax},
		{`<a xmlns:p=""/>`, ErrSyntax},
		{`<a xmlns:xml="urn:x"/>`, ErrSyntax},
		{`<!DOCTYPE a><a/>`, ErrUnsupported},
		{`<a>&ent;</a>`, ErrUnsupported},
		{`<a/><b/>`, ErrSyntax},
		{`text<a/>`, ErrSyntax},
		{`<a>]]></a>`, ErrSyntax},
		{`<a><!-- -- --></a>`, ErrSyntax},
		{`<a x=1/>`, ErrSyntax},
		{`<a x="<"/>`, ErrSyntax},
		{`<a>&#xD800;</a>`, ErrSyntax},
		{"<a>\x01</a>", ErrSyntax},
		{`<a>`, ErrSyntax},
		{`<a><a><a><a></a></a></a></a>`, ErrLimit},
	}
	for _, tt := range tests {
		_, err := events(tt.in, Limits{MaxDepth: 3})
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, tt.kind) {
			t.Errorf("%q: got %v, want %v", tt.in, err, tt.kind)
		}
	}
}

// FuzzTokenizer compares the token stream with encoding/xml on input both
// accept (encoding/xml is more lenient: it allows undeclared prefixes, DTDs
// and non-predefined entities in non-strict mode, so only agreement on
// accepted input is required), and checks that errors are typed.
func FuzzTokenizer(f *testing.F) {
	f.Add(`<a:r xmlns:a="urn:a"><b x="1">t</b></a:r>`)
	f.Add(`<r xmlns="urn:d"><s xmlns=""/><![CDATA[x]]>&lt;&#65;</r>`)
	f.Fuzz(func(t *testing.T, in string) {
		got, err := events(in, Limits{MaxDepth: 32, MaxTokenBytes: 1 << 16})
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
			return
		}
		want, err := stdEvents(in)
		if err != nil {
			return
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("ours:\n%s\nencoding/xml:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}
