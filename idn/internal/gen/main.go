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

// props holds one value per code point of each pinned property.
type props struct {
	dp, gc, ccc, bidi, jt, script []uint8
	scx                           []uint16
	nfcNotYes                     []bool

	scripts     []string       // ISO 15924 codes by script id; 0 is Zzzz
	scriptIndex map[string]int // ISO 15924 code -> script id
	scriptCode  map[string]string
	scxSets     []string // Script_Extensions sets as comma-separated ids; 0 is ""
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	flag.Parse()

	p := &props{
		dp: make([]uint8, maxRune+1), gc: make([]uint8, maxRune+1), ccc: make([]uint8, maxRune+1),
		bidi: make([]uint8, maxRune+1), jt: make([]uint8, maxRune+1), script: make([]uint8, maxRune+1),
		scx: make([]uint16, maxRune+1), nfcNotYes: make([]bool, maxRune+1),
	}
	p.loadDerived()
	p.loadUnicodeData()
	p.loadScripts()
	p.loadScriptExtensions()
	p.loadJoiningType()
	p.loadBidi()
	p.loadNFCQuickCheck()
	starts, vals := p.propRuns()
	scxStarts, scxVals := p.scxRuns()

	// Confusables: source -> prototype, from UTS #39 confusables.txt. The
	// file is pinned by its sha256 (the Unicode release, see data/README).
	conf, confVersion := parseConfusables(open(confusablesFile))
	var confKeys []rune
	for k := range conf {
		confKeys = append(confKeys, k)
	}
	sort.Slice(confKeys, func(i, j int) bool { return confKeys[i] < confKeys[j] })

	var b bytes.Buffer
	writeHeader(&b, confVersion)
	p.writeScripts(&b)
	writeRuns(&b, starts, vals)
	p.writeScx(&b, scxStarts, scxVals)
	writeConfusables(&b, confKeys, conf)

	src, err := format.Source(b.Bytes())
	if err != nil {
		os.WriteFile(*out+".broken", b.Bytes(), 0o644)
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d property runs, %d scx runs, %d scripts, %d confusables", len(starts), len(scxStarts), len(p.scripts), len(confKeys))
}

// loadDerived reads the RFC 5892 derived property.
func (p *props) loadDerived() {
	eachLine(open("idna2008-derived-15.1.0.txt"), func(f []string, _ bool) {
		lo, hi := parseRange(f[0])
		v := uint8(index(dpNames, f[1]))
		for r := lo; r <= hi; r++ {
			p.dp[r] = v
		}
	})
}

// loadUnicodeData reads General_Category and Canonical_Combining_Class.
func (p *props) loadUnicodeData() {
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
			p.gc[x], p.ccc[x] = g, uint8(c)
		}
	})
}

// scriptID numbers the scripts in order of first use (long names and
// ISO 15924 codes both accepted).
func (p *props) scriptID(name string) int {
	code, ok := p.scriptCode[name]
	if !ok {
		log.Fatalf("unknown script %q", name)
	}
	if i, ok := p.scriptIndex[code]; ok {
		return i
	}
	p.scripts = append(p.scripts, code)
	p.scriptIndex[code] = len(p.scripts) - 1
	return len(p.scripts) - 1
}

// loadScripts reads the script long names -> ISO 15924 codes, then Script.
func (p *props) loadScripts() {
	p.scriptCode = map[string]string{}
	eachLine(open("PropertyValueAliases-15.0.0.txt.gz"), func(f []string, _ bool) {
		if f[0] == "sc" {
			p.scriptCode[f[2]] = f[1]
			p.scriptCode[f[1]] = f[1]
		}
	})
	p.scripts = []string{"Zzzz"} // index 0 = Unknown
	p.scriptIndex = map[string]int{"Zzzz": 0}
	p.scriptID("Common")
	p.scriptID("Inherited")
	eachLine(open("Scripts-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing {
			return // Unknown is index 0 already
		}
		lo, hi := parseRange(f[0])
		v := uint8(p.scriptID(f[1]))
		for r := lo; r <= hi; r++ {
			p.script[r] = v
		}
	})
	if len(p.scripts) > 255 {
		log.Fatal("too many scripts for uint8")
	}
}

// loadScriptExtensions reads Script_Extensions: set 0 means "same as
// Script".
func (p *props) loadScriptExtensions() {
	p.scxSets = []string{""}
	scxIndex := map[string]int{"": 0}
	eachLine(open("ScriptExtensions-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing {
			return
		}
		lo, hi := parseRange(f[0])
		codes := strings.Fields(f[1])
		ids := make([]string, len(codes))
		for i, c := range codes {
			ids[i] = strconv.Itoa(p.scriptID(c))
		}
		key := strings.Join(ids, ",")
		i, ok := scxIndex[key]
		if !ok {
			p.scxSets = append(p.scxSets, key)
			i = len(p.scxSets) - 1
			scxIndex[key] = i
		}
		for r := lo; r <= hi; r++ {
			p.scx[r] = uint16(i)
		}
	})
}

// loadJoiningType reads Joining_Type: explicit values from
// ArabicShaping.txt; otherwise T for Mn, Me and Cf, else U
// (ArabicShaping.txt header).
func (p *props) loadJoiningType() {
	for r := 0; r <= maxRune; r++ {
		switch gcNames[p.gc[r]] {
		case "Mn", "Me", "Cf":
			p.jt[r] = uint8(index(jtNames, "T"))
		}
	}
	eachLine(open("ArabicShaping-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing {
			return
		}
		r, _ := parseRange(f[0])
		p.jt[r] = uint8(index(jtNames, f[2]))
	})
}

// loadBidi reads Bidi_Class, with the @missing defaults applied first.
func (p *props) loadBidi() {
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
			p.bidi[r] = v
		}
	})
}

// loadNFCQuickCheck reads NFC_Quick_Check: code points listed as N or M
// are not "Yes".
func (p *props) loadNFCQuickCheck() {
	eachLine(open("DerivedNormalizationProps-15.0.0.txt.gz"), func(f []string, missing bool) {
		if missing || f[1] != "NFC_QC" {
			return
		}
		lo, hi := parseRange(f[0])
		for r := lo; r <= hi; r++ {
			p.nfcNotYes[r] = true
		}
	})
}

// pack packs the properties of r (layout in the propVals comment).
func (p *props) pack(r int) uint32 {
	v := uint32(p.dp[r]) | uint32(p.gc[r])<<3 | uint32(p.bidi[r])<<8 | uint32(p.jt[r])<<13 | uint32(p.script[r])<<16
	if p.ccc[r] == 9 {
		v |= 1 << 24
	}
	if p.ccc[r] == 0 && !p.nfcNotYes[r] {
		v |= 1 << 25
	}
	return v
}

// propRuns run-length encodes the packed properties.
func (p *props) propRuns() (starts []rune, vals []uint32) {
	for r := 0; r <= maxRune; r++ {
		v := p.pack(r)
		if len(vals) == 0 || vals[len(vals)-1] != v {
			starts = append(starts, rune(r))
			vals = append(vals, v)
		}
	}
	return starts, vals
}

// scxRuns run-length encodes the Script_Extensions set numbers.
func (p *props) scxRuns() (starts []rune, vals []uint16) {
	for r := 0; r <= maxRune; r++ {
		if len(vals) == 0 || vals[len(vals)-1] != p.scx[r] {
			starts = append(starts, rune(r))
			vals = append(vals, p.scx[r])
		}
	}
	return starts, vals
}

func writeHeader(b *bytes.Buffer, confVersion string) {
	fmt.Fprintf(b, "// Code generated by go run ./internal/gen; DO NOT EDIT.\n\n")
	fmt.Fprintf(b, "package idn\n\n")
	fmt.Fprintf(b, "// DerivedPropertyVersion is the Unicode version of the pinned RFC 5892\n// derived-property table (IANA IDNA2008 tables, Unicode 15.1.0).\n")
	fmt.Fprintf(b, "const DerivedPropertyVersion = %q\n\n", "15.1.0")
	fmt.Fprintf(b, "// PropertyVersion is the Unicode version of the pinned General_Category,\n// Canonical_Combining_Class, Script, Script_Extensions, Joining_Type and\n// Bidi_Class tables.\n")
	fmt.Fprintf(b, "const PropertyVersion = %q\n\n", "15.0.0")
	fmt.Fprintf(b, "// ConfusablesVersion is the version of the UTS #39 confusables.txt data\n// behind [Skeleton].\n")
	fmt.Fprintf(b, "const ConfusablesVersion = %q\n\n", confVersion)
	writeNames(b, "derivedProp", "dp", dpNames)
	writeNames(b, "generalCategory", "gc", gcNames)
	writeNames(b, "bidiClass", "bc", bidiNames)
	writeNames(b, "joiningType", "jt", jtNames)
}

func writeNames(b *bytes.Buffer, typ string, prefix string, names []string) {
	fmt.Fprintf(b, "const (\n")
	for i, n := range names {
		if i == 0 {
			fmt.Fprintf(b, "\t%s%s %s = iota\n", prefix, n, typ)
		} else {
			fmt.Fprintf(b, "\t%s%s\n", prefix, n)
		}
	}
	fmt.Fprintf(b, ")\n\n")
	fmt.Fprintf(b, "var %sNames = [...]string{", strings.ToLower(typ[:1])+typ[1:])
	for _, n := range names {
		fmt.Fprintf(b, "%q,", n)
	}
	fmt.Fprintf(b, "}\n\n")
}

func (p *props) writeScripts(b *bytes.Buffer) {
	fmt.Fprintf(b, "// scriptCodes are ISO 15924 codes indexed by script id; 0 is Zzzz (Unknown).\nvar scriptCodes = [...]string{")
	for i, s := range p.scripts {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "%q,", s)
	}
	fmt.Fprintf(b, "\n}\n\n")
	fmt.Fprintf(b, "const (\n\tscriptZzzz = %d\n\tscriptZyyy = %d\n\tscriptZinh = %d\n", p.scriptIndex["Zzzz"], p.scriptIndex["Zyyy"], p.scriptIndex["Zinh"])
	for _, s := range []string{"Grek", "Hebr", "Hira", "Kana", "Hani", "Latn", "Hang", "Bopo", "Arab"} {
		fmt.Fprintf(b, "\tscript%s = %d\n", s, p.scriptIndex[s])
	}
	fmt.Fprintf(b, ")\n\n")
}

func writeRuns(b *bytes.Buffer, starts []rune, vals []uint32) {
	fmt.Fprintf(b, "// propStarts[i] is the first code point of run i; propVals[i] packs its\n// properties: bits 0-2 derived property, 3-7 General_Category, 8-12 Bidi_Class,\n// 13-15 Joining_Type, 16-23 script id, 24 Canonical_Combining_Class == 9 (Virama),\n// 25 Canonical_Combining_Class == 0 and NFC_Quick_Check == Yes.\n")
	fmt.Fprintf(b, "var propStarts = [...]int32{")
	for i, s := range starts {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "0x%X,", s)
	}
	fmt.Fprintf(b, "\n}\n\nvar propVals = [...]uint32{")
	for i, v := range vals {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "0x%X,", v)
	}
	fmt.Fprintf(b, "\n}\n\n")
}

func (p *props) writeScx(b *bytes.Buffer, scxStarts []rune, scxVals []uint16) {
	fmt.Fprintf(b, "// scxSets lists the Script_Extensions sets as script ids; set 0 means\n// \"the Script value\".\nvar scxSets = [...][]uint8{\n")
	for _, s := range p.scxSets {
		fmt.Fprintf(b, "{%s},\n", s)
	}
	fmt.Fprintf(b, "}\n\nvar scxStarts = [...]int32{")
	for i, s := range scxStarts {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "0x%X,", s)
	}
	fmt.Fprintf(b, "\n}\n\nvar scxVals = [...]uint16{")
	for i, v := range scxVals {
		if i%16 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "%d,", v)
	}
	fmt.Fprintf(b, "\n}\n\n")
}

func writeConfusables(b *bytes.Buffer, confKeys []rune, conf map[rune]string) {
	fmt.Fprintf(b, "// confusableFrom and confusableTo are the UTS #39 confusables.txt mappings\n// (source code point -> prototype), sorted by source.\nvar confusableFrom = [...]int32{")
	for i, k := range confKeys {
		if i%12 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "0x%X,", k)
	}
	fmt.Fprintf(b, "\n}\n\nvar confusableTo = [...]string{")
	for i, k := range confKeys {
		if i%8 == 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(b, "%+q,", conf[k])
	}
	fmt.Fprintf(b, "\n}\n")
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
