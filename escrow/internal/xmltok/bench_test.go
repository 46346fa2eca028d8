package xmltok

import (
	"bytes"
	"fmt"
	"testing"
)

func BenchmarkTokenizer(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString(`<rde:deposit xmlns:rde="urn:ietf:params:xml:ns:rde-1.0" xmlns:d="urn:ietf:params:xml:ns:rdeDomain-1.0" xmlns:domain="urn:ietf:params:xml:ns:domain-1.0" type="FULL" id="1"><rde:contents>`)
	for i := range 20000 {
		fmt.Fprintf(&buf, "\n  <d:domain>\n    <d:name>domain-%d.example</d:name>\n    <d:roid>D%d-EX</d:roid>\n    <d:status s=\"ok\"/>\n    <d:contact type=\"admin\">ct%06d</d:contact>\n    <d:ns>\n      <domain:hostObj>ns1.example.net</domain:hostObj>\n    </d:ns>\n    <d:clID>RegistrarX</d:clID>\n    <d:crDate>2019-04-03T22:00:00.0Z</d:crDate>\n  </d:domain>", i, i, i%999)
	}
	buf.WriteString("</rde:contents></rde:deposit>")
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		t := New(bytes.NewReader(data), Limits{})
		for {
			k, err := t.Next()
			if err != nil {
				b.Fatal(err)
			}
			if k == EOF {
				break
			}
		}
	}
}
