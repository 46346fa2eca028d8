package cli

import (
	"errors"
	"strings"
	"testing"
)

func TestMessage(t *testing.T) {
	long := strings.Repeat("A", 10<<20)
	tests := []struct {
		in   string
		want string
	}{
		{"\nx: bad", "x: bad"},
		{"a\tb\r\nc", "a b c"},
		{"asn1: structure error: tags don't match (16 vs {class:0 tag:13 length:1 isCompound:false}) {optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false} ContentInfo @2",
			"asn1: structure error: tags don't match (16 vs tag 13) ContentInfo @2"},
		{"bad \x00\xff", `bad \x00\xff`},
	}
	for _, tt := range tests {
		if got := Message(errors.New(tt.in)); got != tt.want {
			t.Errorf("Message(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := Message(errors.New("dns: bad owner name: \"" + long + "\" at line 1"))
	if len(got) > MaxMessageBytes || !strings.HasSuffix(got, "… at line 1") || strings.Count(got, "A") > MaxQuoteBytes {
		t.Errorf("long input: %d bytes %q", len(got), got)
	}
	got = Message(errors.New(strings.Repeat("word ", 200)))
	if len(got) > MaxMessageBytes || !strings.HasSuffix(got, "…") {
		t.Errorf("long message: %d bytes", len(got))
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2026-01-31T12:00:00Z":      "2026-01-31T12:00:00Z",
		"2026-01-31T13:00:00+01:00": "2026-01-31T12:00:00Z",
		"2026-01-31":                "2026-01-31T00:00:00Z",
		"20260131120000":            "2026-01-31T12:00:00Z",
	} {
		got, err := ParseTime(in)
		if err != nil || got.Format("2006-01-02T15:04:05Z07:00") != want {
			t.Errorf("ParseTime(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"yesterday", "2026-13-45", "202601311200", "", "20261331120000"} {
		_, err := ParseTime(in)
		if err == nil || strings.Contains(err.Error(), "2006") || !strings.Contains(err.Error(), "20260131120000") {
			t.Errorf("ParseTime(%q) error %v", in, err)
		}
	}
}

func TestParseInterspersed(t *testing.T) {
	c := New("prog", &strings.Builder{}, &strings.Builder{})
	ex := c.Flags.String("existing", "", "")
	j := c.Flags.Bool("json", false, "")
	now := c.Time("now", "time")
	pos, _, ok := c.Parse([]string{"ѕһор", "-existing", "shop", "-json", "-now=20260131120000", "-", "--", "-x", "-json"})
	if !ok || *ex != "shop" || !*j || now.IsZero() || strings.Join(pos, " ") != "ѕһор - -x -json" {
		t.Errorf("pos %q existing %q json %v now %v ok %v", pos, *ex, *j, now, ok)
	}
	var out, errb strings.Builder
	c = New("prog", &out, &errb)
	c.Flags.Bool("q", false, "quiet")
	c.Examples = []string{"prog -q"}
	if _, code, ok := c.Parse([]string{"x", "-h"}); ok || code != ExitOK || !strings.Contains(out.String(), "-q") {
		t.Errorf("-h: code %d ok %v out %q", code, ok, out.String())
	}
	if _, code, ok := c.Parse([]string{"-nope"}); ok || code != ExitUsage || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("-nope: code %d ok %v err %q", code, ok, errb.String())
	}
}

func TestTally(t *testing.T) {
	tl := Tally{Max: 2}
	shown := 0
	for i := 0; i < 5; i++ {
		if tl.Add("DEL04", "error") {
			shown++
		}
	}
	tl.Add("ZONEMD", "warning")
	tl.AddFolded("DEL04", "error (waived)")
	var b strings.Builder
	tl.WriteSummary(&b, "# ")
	if shown != 2 || tl.Total() != 7 || tl.Hidden() != 3 || !strings.Contains(b.String(), "3 not shown (-max 2") || !strings.Contains(b.String(), "error (waived) 1") {
		t.Errorf("shown %d total %d hidden %d:\n%s", shown, tl.Total(), tl.Hidden(), b.String())
	}
}
