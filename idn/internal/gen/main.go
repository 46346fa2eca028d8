// Command gen writes package idn's pinned Unicode tables (tables.go) from the
// data files in ./data. It is run by `go generate` in package idn; the output
// depends only on those files, never on the Go toolchain's Unicode tables.
//
// Inputs (provenance in data/README):
//
//	idna2008-derived-15.1.0.txt      RFC 5892 derived property, Unicode 15.1.0
//	UnicodeData-15.0.0.txt.gz        General_Category, Canonical_Combining_Class
//	Scripts-15.0.0.txt.gz            Script
//	ScriptExtensions-15.0.0.txt.gz   Script_Extensions
//	ArabicShaping-15.0.0.txt.gz      Joining_Type
//	DerivedBidiClass-15.0.0.txt.gz   Bidi_Class
//	PropertyValueAliases-15.0.0.txt.gz  script long name -> ISO 15924 code
//	DerivedNormalizationProps-15.0.0.txt.gz  NFC_Quick_Check
//	confusables-15.0.0.txt.gz        UTS #39 confusables.txt 15.0.0 source -> prototype
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

const maxRune = 0x10FFFF

var (
	dataDir = flag.String("data", "internal/gen/data", "directory with the input data files")
	out     = flag.String("o", "tables.go", "output file")
)

// Property value orders; the generated constants in package idn use the same
// orders (the generator writes them too).
var dpNames = []string{"UNASSIGNED", "PVALID", "CONTEXTJ", "CONTEXTO", "DISALLOWED"}
var gcNames = []string{"Cn", "Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Mc", "Me", "Nd", "Nl", "No", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Co"}
var bidiNames = []string{"L", "R", "AL", "EN", "ES", "ET", "AN", "CS", "NSM", "BN", "B", "S", "WS", "ON", "LRE", "LRO", "RLE", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
var jtNames = []string{"U", "T", "D", "L", "R", "C"}

func index(names []string, s string) int {
	for i, n := range names {
		if n == s {
			return i
		}
	}
	log.Fatalf("unknown property value %q", s)
	return -1
}

func open(name string) []byte {
	b, err := os.ReadFile(filepath.Join(*dataDir, name))
	if err != nil {
		log.Fatal(err)
	}
	if strings.HasSuffix(name, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			log.Fatal(err)
		}
		b, err = io.ReadAll(zr)
		if err != nil {
			log.Fatal(err)
		}
	}
	return b
}

// eachLine calls f with the semicolon-separated fields of every data line;
// comment lines starting with "# @missing:" are passed with missing=true.
func eachLine(b []byte, f func(fields []string, missing bool)) {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		missing := false
		if rest, ok := strings.CutPrefix(line, "# @missing:"); ok {
			line, missing = rest, true
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		fs := strings.Split(line, ";")
		for i := range fs {
			fs[i] = strings.TrimSpace(fs[i])
		}
		f(fs, missing)
	}
}

func parseRange(s string) (lo, hi rune) {
	a, b, ok := strings.Cut(s, "..")
	l, err := strconv.ParseUint(a, 16, 32)
	if err != nil {
		log.Fatalf("bad code point %q", s)
	}
	if !ok {
		return rune(l), rune(l)
	}
	h, err := strconv.ParseUint(b, 16, 32)
	if err != nil {
		log.Fatalf("bad code point %q", s)
	}
	return rune(l), rune(h)
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	flag.Parse()

	var (
		dp     = make([]uint8, maxRune+1)
		gc     = make([]uint8, maxRune+1)
		ccc    = make([]uint8, maxRune+1)
		bidi   = make([]uint8, maxRune+1)
		jt     = make([]uint8, maxRune+1)
		script = make([]uint8, maxRune+1)
		scx    = make([]uint16, maxRune+1)
	)

	// RFC 5892 derived property.
	eachLine(open("idna2008-derived-15.1.0.txt"), func(f []string, _ bool) {
		lo, hi := parseRange(f[0])
		v := uint8(index(dpNames, f[1]))
		for r := lo; r <= hi; r++ {
			dp[r] = v
		}
	})

	// General_Category and Canonical_Combining_Class.
	var first rune = -1
	eachLine(open("UnicodeData-15.0.0.txt.gz"), func(f []string, _ bool) {
		r, _ := parseRange(f[0])
		g := uint8(index(gcNames, f[2]))
		c, err := strconv.Atoi(f[3])
		if err != nil {
			log.Fatal(err)
		}
		lo := r
		if strings.HasSuffix(f[1], ", First>") {
			first = r
			return
		}
		if strings.HasSuffix(f[1], ", Last>") {
			lo = first
		}
		for x := lo; x <= r; x++ {
			gc[x], ccc[x] = g, uint8(c)
		}
	})

	// Script long names -> ISO 15924 codes.
	scriptCode := map[string]string{}
	eachLine(open("PropertyValueAliases-15.0.0.txt.gz"), func(f []string, _ bool) {
		if f[0] == "sc" {
			scriptCode[f[2]] = f[1]
			scriptCode[f[1]] = f[1]
		}
	})
	scripts := []string{"Zzzz"} // index 0 = Unknown
	scriptIndex := map[string]int{"Zzzz": 0}
	scriptID := func(name string) int {
		code, ok := scriptCode[name]
		if !ok {
			log.Fatalf("unknown script %q", name)
		}
		if i, ok := scriptIndex[code]; ok {
			return i
		}
		scripts = append(scripts, code)
		scriptIndex[code] = len(scripts) - 1
		return len(scripts) - 1
	}
	scriptID("Common")
	scriptID("Inherited")
	eachLine(open("Scripts-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing {
			return // Unknown is index 0 already
		}
		lo, hi := parseRange(f[0])
		v := uint8(scriptID(f[1]))
		for r := lo; r <= hi; r++ {
			script[r] = v
		}
	})
	if len(scripts) > 255 {
		log.Fatal("too many scripts for uint8")
	}

	// Script_Extensions: set 0 means "same as Script".
	scxSets := []string{""}
	scxIndex := map[string]int{"": 0}
	eachLine(open("ScriptExtensions-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing {
			return
		}
		lo, hi := parseRange(f[0])
		codes := strings.Fields(f[1])
		ids := make([]string, len(codes))
		for i, c := range codes {
			ids[i] = strconv.Itoa(scriptID(c))
		}
		key := strings.Join(ids, ",")
		i, ok := scxIndex[key]
		if !ok {
			scxSets = append(scxSets, key)
			i = len(scxSets) - 1
			scxIndex[key] = i
		}
		for r := lo; r <= hi; r++ {
			scx[r] = uint16(i)
		}
	})

	// Joining_Type: explicit values from ArabicShaping.txt; otherwise T for
	// Mn, Me and Cf, else U (ArabicShaping.txt header).
	for r := 0; r <= maxRune; r++ {
		switch gcNames[gc[r]] {
		case "Mn", "Me", "Cf":
			jt[r] = uint8(index(jtNames, "T"))
		}
	}
	eachLine(open("ArabicShaping-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing {
			return
		}
		r, _ := parseRange(f[0])
		jt[r] = uint8(index(jtNames, f[2]))
	})

	// Bidi_Class, with the @missing defaults applied first.
	bidiLong := map[string]string{}
	eachLine(open("PropertyValueAliases-15.0.0.txt.gz"), func(f []string, _ bool) {
		if f[0] == "bc" {
			bidiLong[f[2]] = f[1]
			bidiLong[f[1]] = f[1]
		}
	})
	eachLine(open("DerivedBidiClass-15.0.0.txt.gz"), func(f []string, _ bool) {
		lo, hi := parseRange(f[0])
		v := uint8(index(bidiNames, bidiLong[f[1]]))
		for r := lo; r <= hi; r++ {
			bidi[r] = v
		}
	})

	// NFC_Quick_Check: code points listed as N or M are not "Yes".
	nfcNotYes := make([]bool, maxRune+1)
	eachLine(open("DerivedNormalizationProps-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing || f[1] != "NFC_QC" {
			return
		}
		lo, hi := parseRange(f[0])
		for r := lo; r <= hi; r++ {
			nfcNotYes[r] = true
		}
	})

	// Pack and run-length encode.
	pack := func(r int) uint32 {
		v := uint32(dp[r]) | uint32(gc[r])<<3 | uint32(bidi[r])<<8 | uint32(jt[r])<<13 | uint32(script[r])<<16
		if ccc[r] == 9 {
			v |= 1 << 24
		}
		if ccc[r] == 0 && !nfcNotYes[r] {
			v |= 1 << 25
		}
		return v
	}
	var starts []rune
	var vals []uint32
	for r := 0; r <= maxRune; r++ {
		v := pack(r)
		if len(vals) == 0 || vals[len(vals)-1] != v {
			starts = append(starts, rune(r))
			vals = append(vals, v)
		}
	}
	var scxStarts []rune
	var scxVals []uint16
	for r := 0; r <= maxRune; r++ {
		if len(scxVals) == 0 || scxVals[len(scxVals)-1] != scx[r] {
			scxStarts = append(scxStarts, rune(r))
			scxVals = append(scxVals, scx[r])
		}
	}

	// Confusables: source -> prototype, from UTS #39 confusables.txt. The
	// file is pinned by its sha256 (the Unicode release, see data/README).
	conf, confVersion := parseConfusables(open(confusablesFile))
	var confKeys []rune
	for k := range conf {
		confKeys = append(confKeys, k)
	}
	sort.Slice(confKeys, func(i, j int) bool { return confKeys[i] < confKeys[j] })

	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by go run ./internal/gen; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "package idn\n\n")
	fmt.Fprintf(&b, "// DerivedPropertyVersion is the Unicode version of the pinned RFC 5892\n// derived-property table (IANA IDNA2008 tables, Unicode 15.1.0).\n")
	fmt.Fprintf(&b, "const DerivedPropertyVersion = %q\n\n", "15.1.0")
	fmt.Fprintf(&b, "// PropertyVersion is the Unicode version of the pinned General_Category,\n// Canonical_Combining_Class, Script, Script_Extensions, Joining_Type and\n// Bidi_Class tables.\n")
	fmt.Fprintf(&b, "const PropertyVersion = %q\n\n", "15.0.0")
	fmt.Fprintf(&b, "// ConfusablesVersion is the version of the UTS #39 confusables.txt data\n// behind [Skeleton].\n")
	fmt.Fprintf(&b, "const ConfusablesVersion = %q\n\n", confVersion)
	writeNames := func(typ string, prefix string, names []string) {
		fmt.Fprintf(&b, "const (\n")
		for i, n := range names {
			if i == 0 {
				fmt.Fprintf(&b, "\t%s%s %s = iota\n", prefix, n, typ)
			} else {
				fmt.Fprintf(&b, "\t%s%s\n", prefix, n)
			}
		}
		fmt.Fprintf(&b, ")\n\n")
		fmt.Fprintf(&b, "var %sNames = [...]string{", strings.ToLower(typ[:1])+typ[1:])
		for _, n := range names {
			fmt.Fprintf(&b, "%q,", n)
		}
		fmt.Fprintf(&b, "}\n\n")
	}
	writeNames("derivedProp", "dp", dpNames)
	writeNames("generalCategory", "gc", gcNames)
	writeNames("bidiClass", "bc", bidiNames)
	writeNames("joiningType", "jt", jtNames)

	fmt.Fprintf(&b, "// scriptCodes are ISO 15924 codes indexed by script id; 0 is Zzzz (Unknown).\nvar scriptCodes = [...]string{")
	for i, s := range scripts {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%q,", s)
	}
	fmt.Fprintf(&b, "\n}\n\n")
	fmt.Fprintf(&b, "const (\n\tscriptZzzz = %d\n\tscriptZyyy = %d\n\tscriptZinh = %d\n", scriptIndex["Zzzz"], scriptIndex["Zyyy"], scriptIndex["Zinh"])
	for _, s := range []string{"Grek", "Hebr", "Hira", "Kana", "Hani", "Latn", "Hang", "Bopo", "Arab"} {
		fmt.Fprintf(&b, "\tscript%s = %d\n", s, scriptIndex[s])
	}
	fmt.Fprintf(&b, ")\n\n")

	fmt.Fprintf(&b, "// propStarts[i] is the first code point of run i; propVals[i] packs its\n// properties: bits 0-2 derived property, 3-7 General_Category, 8-12 Bidi_Class,\n// 13-15 Joining_Type, 16-23 script id, 24 Canonical_Combining_Class == 9 (Virama),\n// 25 Canonical_Combining_Class == 0 and NFC_Quick_Check == Yes.\n")
	fmt.Fprintf(&b, "var propStarts = [...]int32{")
	for i, s := range starts {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "0x%X,", s)
	}
	fmt.Fprintf(&b, "\n}\n\nvar propVals = [...]uint32{")
	for i, v := range vals {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "0x%X,", v)
	}
	fmt.Fprintf(&b, "\n}\n\n")

	fmt.Fprintf(&b, "// scxSets lists the Script_Extensions sets as script ids; set 0 means\n// \"the Script value\".\nvar scxSets = [...][]uint8{\n")
	for _, s := range scxSets {
		fmt.Fprintf(&b, "{%s},\n", s)
	}
	fmt.Fprintf(&b, "}\n\nvar scxStarts = [...]int32{")
	for i, s := range scxStarts {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "0x%X,", s)
	}
	fmt.Fprintf(&b, "\n}\n\nvar scxVals = [...]uint16{")
	for i, v := range scxVals {
		if i%16 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d,", v)
	}
	fmt.Fprintf(&b, "\n}\n\n")

	fmt.Fprintf(&b, "// confusableFrom and confusableTo are the UTS #39 confusables.txt mappings\n// (source code point -> prototype), sorted by source.\nvar confusableFrom = [...]int32{")
	for i, k := range confKeys {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "0x%X,", k)
	}
	fmt.Fprintf(&b, "\n}\n\nvar confusableTo = [...]string{")
	for i, k := range confKeys {
		if i%8 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%+q,", conf[k])
	}
	fmt.Fprintf(&b, "\n}\n")

	src, err := format.Source(b.Bytes())
	if err != nil {
		os.WriteFile(*out+".broken", b.Bytes(), 0o644)
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d property runs, %d scx runs, %d scripts, %d confusables", len(starts), len(scxStarts), len(scripts), len(confKeys))
}

// confusablesFile is UTS #39 confusables.txt as Unicode publishes it
// (gzip -9 -n of the original); confusablesSHA256 is the sha256 of the
// uncompressed file, the figure published for
// https://www.unicode.org/Public/security/15.0.0/confusables.txt.
const (
	confusablesFile   = "confusables-15.0.0.txt.gz"
	confusablesSHA256 = "2b10130885c3370b101c52d7baedc452ab7f0e257b86c1e52ee657ecfc29ce64"
)

// parseConfusables reads UTS #39 confusables.txt (UTS #39 §4, data file
// format: "source ; prototype ; MA # comment", code points in hex) and
// returns the source -> prototype mapping and the version from the
// "# Version:" header line. It refuses a file whose sha256 is not the pinned
// one, a source that is not one code point, a repeated source, and a type
// other than MA (the only type since Unicode 9.0).
func parseConfusables(data []byte) (map[rune]string, string) {
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != confusablesSHA256 {
		log.Fatalf("%s: sha256 %x, want the pinned %s", confusablesFile, sum, confusablesSHA256)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	conf := make(map[rune]string)
	version := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if v, ok := strings.CutPrefix(line, "# Version: "); ok && version == "" {
			version = strings.TrimSpace(v)
			continue
		}
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		f := strings.Split(line, ";")
		if len(f) != 3 || strings.TrimSpace(f[2]) != "MA" {
			log.Fatalf("%s:%d: want \"source ; prototype ; MA\", got %q", confusablesFile, n, line)
		}
		src := parseCodePoints(f[0])
		if len(src) != 1 {
			log.Fatalf("%s:%d: source %q is not one code point", confusablesFile, n, f[0])
		}
		if _, dup := conf[src[0]]; dup {
			log.Fatalf("%s:%d: source %04X listed twice", confusablesFile, n, src[0])
		}
		proto := parseCodePoints(f[1])
		if len(proto) == 0 {
			log.Fatalf("%s:%d: empty prototype", confusablesFile, n)
		}
		conf[src[0]] = string(proto)
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	if version == "" {
		log.Fatalf("%s: no \"# Version:\" header line", confusablesFile)
	}
	return conf, version
}

func parseCodePoints(s string) []rune {
	var rs []rune
	for _, h := range strings.Fields(s) {
		v, err := strconv.ParseUint(h, 16, 32)
		if err != nil || v > maxRune || (v >= 0xD800 && v <= 0xDFFF) {
			log.Fatalf("%s: bad code point %q", confusablesFile, h)
		}
		rs = append(rs, rune(v))
	}
	return rs
}
