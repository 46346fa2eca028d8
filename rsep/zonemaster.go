package rsep

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Overlap is one row of the table relating a Zonemaster test case to the
// rsep check that covers the same requirement: the Zonemaster tags that
// report a problem and the rsep tags that report the same problem.
type Overlap struct {
	TestCase       string   // e.g. "DNSSEC05"
	ZonemasterTags []string // problem tags of the test case
	Check          string   // rsep check ID
	Tags           []string // rsep finding tags
	Effect         Effect
	Note           string // known differences
}

// Overlaps is the overlap table between Zonemaster and the rsep catalogue.
// ZonemasterTags hold the message tags of both engine 4.6 (Debian's
// zonemaster-cli 4.6 / 5.0, the version the peer test runs) and engine 8.x
// (8.1.1 is RST v2.0's), so imports from either land on the same row.
// Imported Zonemaster findings take their effect and related check from it.
var Overlaps = []Overlap{
	{"ADDRESS01", []string{"NAMESERVER_IP_PRIVATE_NETWORK", "NAMESERVER_IP_BOGON_PREFIX", "A01_ADDR_NOT_GLOBALLY_REACHABLE", "A01_DOCUMENTATION_ADDR", "A01_LOCAL_USE_ADDR", "A01_NO_GLOBALLY_REACHABLE_ADDR"}, "DEL04", []string{"SPECIAL_ADDRESS"}, StabilityB, ""},
	{"ADDRESS02", []string{"NAMESERVER_IP_WITHOUT_REVERSE", "NO_RESPONSE_PTR_QUERY"}, "NS04", []string{"NO_PTR", "PTR_QUERY_FAILED"}, StabilityB, "rsep needs Target.Resolver for the PTR lookups"},
	{"CONNECTIVITY01", []string{"NO_RESPONSE_UDP", "CN01_NO_RESPONSE_UDP", "CN01_NO_RESPONSE_SOA_QUERY_UDP", "CN01_SOA_RECORD_NOT_AA_UDP", "CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP", "CN01_MISSING_SOA_RECORD_UDP"}, "NS01", []string{"NO_RESPONSE_UDP", "NOT_AUTHORITATIVE"}, StabilityB, ""},
	{"CONNECTIVITY02", []string{"NO_RESPONSE_TCP", "CN02_NO_RESPONSE_TCP", "CN02_NO_RESPONSE_SOA_QUERY_TCP", "CN02_SOA_RECORD_NOT_AA_TCP", "CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP", "CN02_MISSING_SOA_RECORD_TCP"}, "NS01", []string{"NO_RESPONSE_TCP", "NOT_AUTHORITATIVE_TCP"}, StabilityB, ""},
	{"CONSISTENCY01", []string{"MULTIPLE_SOA_SERIALS", "SOA_SERIAL_VARIATION"}, "NS02", []string{"SOA_SERIAL_DIFFERS"}, StabilityB, "RST skips CONSISTENCY01; rsep warns"},
	{"CONSISTENCY02", []string{"MULTIPLE_SOA_RNAMES"}, "NS02", []string{"SOA_DIFFERS"}, StabilityB, ""},
	{"CONSISTENCY03", []string{"MULTIPLE_SOA_TIME_PARAMETER_SET"}, "NS02", []string{"SOA_DIFFERS"}, StabilityB, ""},
	{"CONSISTENCY04", []string{"MULTIPLE_NS_SET"}, "NS02", []string{"NS_SET_DIFFERS"}, StabilityB, ""},
	{"CONSISTENCY05", []string{"IN_BAILIWICK_ADDR_MISMATCH", "EXTRA_ADDRESS_CHILD", "OUT_OF_BAILIWICK_ADDR_MISMATCH"}, "DEL02", []string{"GLUE_MISMATCH", "GLUE_MISSING"}, StabilityB, ""},
	{"CONSISTENCY06", []string{"MULTIPLE_SOA_MNAMES"}, "NS02", []string{"SOA_DIFFERS"}, StabilityB, ""},
	{"DELEGATION01", []string{"NOT_ENOUGH_NS_CHILD", "NOT_ENOUGH_NS_DEL", "NO_IPV6_NS_CHILD", "NO_IPV6_NS_DEL", "NOT_ENOUGH_IPV6_NS_CHILD", "NOT_ENOUGH_IPV6_NS_DEL", "NO_IPV4_NS_CHILD", "NO_IPV4_NS_DEL", "NOT_ENOUGH_IPV4_NS_CHILD", "NOT_ENOUGH_IPV4_NS_DEL"}, "DEL01", []string{"NOT_ENOUGH_NS_CHILD", "NOT_ENOUGH_NS_DEL", "NOT_ENOUGH_IPV6_NS", "NO_IPV4_NS"}, StabilityB, "Zonemaster grades missing IPv6 as NOTICE (RST: ERROR); RA Spec 6 §1.5 makes it an error for gTLDs"},
	{"DELEGATION02", []string{"SAME_IP_ADDRESS", "DEL_NS_SAME_IP", "CHILD_NS_SAME_IP"}, "DEL01", []string{"SAME_IP_ADDRESS", "NOT_ENOUGH_ADDRESSES"}, StabilityB, ""},
	{"DELEGATION03", []string{"REFERRAL_SIZE_TOO_LARGE"}, "DEL03", []string{"REFERRAL_SIZE_TOO_LARGE"}, StabilityB, "rsep counts all in-domain glue with a 255-octet question"},
	{"DELEGATION04", []string{"IS_NOT_AUTHORITATIVE"}, "NS01", []string{"NOT_AUTHORITATIVE", "NOT_AUTHORITATIVE_TCP"}, StabilityB, ""},
	{"DELEGATION05", []string{"NS_IS_CNAME"}, "ZC09", []string{"TARGET_IS_CNAME"}, StabilityA, ""},
	{"DELEGATION07", []string{"EXTRA_NAME_PARENT", "EXTRA_NAME_CHILD", "TOTAL_NAME_MISMATCH"}, "DEL02", []string{"EXTRA_NAME_PARENT", "EXTRA_NAME_CHILD", "TOTAL_NAME_MISMATCH"}, StabilityB, "EXTRA_NAME_CHILD: Zonemaster NOTICE, rsep warning (RFC 1034 §4.2.2)"},
	{"DNSSEC01", []string{"DS01_DS_ALGO_2_MISSING", "DS01_DS_ALGO_DEPRECATED", "DS01_DS_ALGO_RESERVED", "DS01_DS_ALGO_NOT_DS", "DS_ALGORITHM_DEPRECATED"}, "SEC04", []string{"DS_SHA256_MISSING", "DS_DIGEST_SHA1", "DS_DIGEST_GOST", "DS_DIGEST_UNKNOWN"}, StabilityB, ""},
	{"DNSSEC02", []string{"DS02_DNSKEY_NOT_SEP", "DS02_NO_DNSKEY_FOR_DS", "DS02_NO_MATCHING_DNSKEY_RRSIG", "DS02_NO_VALID_DNSKEY_FOR_ANY_DS", "DS02_DNSKEY_NOT_FOR_ZONE_SIGNING", "DS_DOES_NOT_MATCH_DNSKEY", "NO_MATCHING_DNSKEY"}, "SEC04", []string{"DS_KEY_NOT_SEP", "DS_NO_MATCH", "DS_KEY_NOT_SIGNING", "NO_VALID_DS"}, StabilityB, ""},
	{"DNSSEC03", []string{"TOO_MANY_ITERATIONS", "ITERATIONS_OK", "DS03_ERR_MULT_NSEC3", "DS03_LEGACY_OPT_OUT", "DS03_ILLEGAL_ITERATION_VALUE", "DS03_ILLEGAL_SALT_LENGTH"}, "SEC07", []string{"NSEC3_ITERATIONS", "NSEC3_SALT"}, StabilityB, "engine 4.6.2 logged nothing for DNSSEC03 on a zone with 100 iterations and a salt; rsep follows RFC 9276 and RST dnssec-93"},
	{"DNSSEC04", []string{"RRSIG_EXPIRED", "REMAINING_SHORT", "DURATION_LONG", "REMAINING_LONG", "RRSIG_NOT_YET_VALID"}, "SEC02", []string{"SIG_EXPIRED", "SIG_EXPIRING", "SIG_NOT_YET_VALID", "SIG_DURATION_LONG", "SIG_REMAINING_LONG"}, StabilityB, ""},
	{"DNSSEC05", []string{"ALGORITHM_DEPRECATED", "ALGORITHM_NOT_RECOMMENDED", "ALGORITHM_NOT_ZONE_SIGN", "ALGORITHM_RESERVED", "ALGORITHM_UNASSIGNED", "ALGORITHM_PRIVATE"}, "SEC03", []string{"ALGORITHM_BELOW_8", "ALGORITHM_NOT_RECOMMENDED", "ALGORITHM_UNKNOWN"}, SecurityA, "Zonemaster grades algorithm 5 as WARNING (RST: ERROR); RST dnssec-91 fails it"},
	{"DNSSEC08", []string{"DS08_DNSKEY_RRSIG_EXPIRED", "DS08_DNSKEY_RRSIG_NOT_YET_VALID", "DS08_NO_MATCHING_DNSKEY", "DS08_RRSIG_NOT_VALID_BY_DNSKEY", "DS08_MISSING_RRSIG_IN_RESPONSE"}, "SEC02", []string{"SIG_EXPIRED", "SIG_NOT_YET_VALID", "SIG_NO_KEY", "SIG_BOGUS"}, StabilityB, ""},
	{"DNSSEC09", []string{"DS09_SOA_RRSIG_EXPIRED", "DS09_SOA_RRSIG_NOT_YET_VALID", "DS09_NO_MATCHING_DNSKEY", "DS09_RRSIG_NOT_VALID_BY_DNSKEY", "DS09_MISSING_RRSIG_IN_RESPONSE"}, "SEC02", []string{"SIG_EXPIRED", "SIG_NOT_YET_VALID", "SIG_NO_KEY", "SIG_BOGUS"}, StabilityB, ""},
	{"DNSSEC06", []string{"EXTRA_PROCESSING_BROKEN"}, "NS04", []string{"NO_DNSSEC_RRSIG"}, StabilityB, "live: RRSIGs missing from DO answers"},
	{"DNSSEC08", []string{"DS08_MISSING_RRSIG_IN_RESPONSE"}, "NS04", []string{"NO_DNSSEC_RRSIG"}, StabilityB, "live side of DNSSEC08"},
	{"DNSSEC09", []string{"DS09_MISSING_RRSIG_IN_RESPONSE"}, "NS04", []string{"NO_DNSSEC_RRSIG"}, StabilityB, "live side of DNSSEC09"},
	{"DNSSEC10", []string{"DS10_MISSING_NSEC_NSEC3", "DS10_UNSIGNED_ANSWER"}, "NS04", []string{"NO_DNSSEC_RRSIG"}, StabilityB, "live side of DNSSEC10: a server that ignores DO sends no denial records"},
	{"DNSSEC10", []string{"DS10_MISSING_NSEC_NSEC3", "DS10_NAME_NOT_COVERED_BY_NSEC", "DS10_NAME_NOT_COVERED_BY_NSEC3", "DS10_INCONSISTENT_NSEC_NSEC3", "DS10_MIXED_NSEC_NSEC3"}, "SEC06", []string{"NSEC_MISSING", "NSEC3_MISSING", "NSEC_CHAIN_BROKEN", "NSEC3_CHAIN_BROKEN"}, StabilityB, ""},
	{"DNSSEC13", []string{"DS13_ALGO_NOT_SIGNED_DNSKEY", "DS13_ALGO_NOT_SIGNED_NS", "DS13_ALGO_NOT_SIGNED_SOA"}, "SEC05", []string{"ALGORITHM_NOT_SIGNING"}, StabilityB, ""},
	{"DNSSEC14", []string{"DNSKEY_TOO_SMALL_FOR_ALGO", "DNSKEY_TOO_LARGE_FOR_ALGO", "DNSKEY_SMALLER_THAN_REC"}, "SEC03", []string{"KEY_TOO_SMALL", "KEY_TOO_LARGE", "RSA_KEY_SMALL"}, SecurityA, ""},
	{"NAMESERVER01", []string{"IS_A_RECURSOR"}, "NS01", []string{"IS_A_RECURSOR"}, SecurityB, ""},
	{"NAMESERVER02", []string{"NO_EDNS_SUPPORT", "NS_ERROR", "EDNS_RESPONSE_WITHOUT_EDNS"}, "NS03", []string{"NO_EDNS_SUPPORT"}, StabilityA, ""},
	{"NAMESERVER04", []string{"DIFFERENT_SOURCE_IP"}, "NS04", []string{"DIFFERENT_SOURCE_IP"}, StabilityB, ""},
	{"NAMESERVER05", []string{"AAAA_QUERY_DROPPED", "AAAA_UNEXPECTED_RCODE", "AAAA_BAD_RDATA", "A_UNEXPECTED_RCODE"}, "NS04", []string{"AAAA_QUERY_DROPPED", "AAAA_UNEXPECTED_RCODE", "A_UNEXPECTED_RCODE"}, StabilityB, ""},
	{"NAMESERVER08", []string{"QNAME_CASE_INSENSITIVE"}, "NS03", []string{"QNAME_CASE_CHANGED"}, StabilityA, ""},
	{"NAMESERVER10", []string{"UNSUPPORTED_EDNS_VER", "N10_EDNS_RESPONSE_ERROR", "N10_NO_RESPONSE_EDNS1_QUERY", "N10_UNEXPECTED_RCODE"}, "NS03", []string{"NO_EDNS_BADVERS"}, StabilityA, ""},
	{"NAMESERVER11", []string{"UNKNOWN_OPTION_CODE", "N11_NO_EDNS", "N11_NO_RESPONSE", "N11_RETURNS_UNKNOWN_OPTION_CODE", "N11_UNEXPECTED_ANSWER_SECTION", "N11_UNEXPECTED_RCODE", "N11_UNSET_AA"}, "NS03", []string{"UNKNOWN_OPTION"}, StabilityA, ""},
	{"NAMESERVER12", []string{"Z_FLAGS_NOTCLEAR"}, "NS04", []string{"Z_FLAGS_NOTCLEAR"}, StabilityA, ""},
	{"NAMESERVER13", []string{"MISSING_OPT_IN_TRUNCATED"}, "NS04", []string{"MISSING_OPT_IN_TRUNCATED"}, StabilityA, ""},
	{"SYNTAX04", []string{"NAMESERVER_DISCOURAGED_DOUBLE_DASH", "NAMESERVER_NON_ALLOWED_CHARS", "NAMESERVER_NUMERIC_TLD"}, "DEL04", []string{"NS_NAME_SYNTAX"}, StabilityB, ""},
	{"SYNTAX05", []string{"RNAME_MISUSED_AT_SIGN"}, "ZC09", []string{"RNAME_AT_SIGN"}, StabilityA, ""},
	{"SYNTAX06", []string{"RNAME_RFC822_INVALID", "RNAME_MAIL_DOMAIN_LOCALHOST"}, "ZC09", []string{"RNAME_RFC822_INVALID", "RNAME_LOCALHOST"}, StabilityA, "RNAME_MAIL_DOMAIN_INVALID needs a resolver for the mail domain: not checked by rsep (cited difference)"},
	{"ZONE02", []string{"REFRESH_MINIMUM_VALUE_LOWER"}, "ZC09", []string{"SOA_REFRESH"}, StabilityA, ""},
	{"ZONE03", []string{"REFRESH_LOWER_THAN_RETRY", "REFRESH_EQUAL_TO_RETRY"}, "ZC09", []string{"SOA_RETRY_REFRESH"}, StabilityA, "engine 4.6.2 logs these at INFO, which the import drops"},
	{"ZONE04", []string{"RETRY_MINIMUM_VALUE_LOWER"}, "ZC09", []string{"SOA_RETRY"}, StabilityA, ""},
	{"ZONE05", []string{"EXPIRE_MINIMUM_VALUE_LOWER", "EXPIRE_LOWER_THAN_REFRESH"}, "ZC09", []string{"SOA_EXPIRE"}, StabilityA, ""},
	{"ZONE06", []string{"SOA_DEFAULT_TTL_MAXIMUM_VALUE_HIGHER", "SOA_DEFAULT_TTL_MAXIMUM_VALUE_LOWER"}, "ZC09", []string{"SOA_MINIMUM"}, StabilityA, ""},
	{"ZONE07", []string{"MNAME_IS_CNAME"}, "ZC09", []string{"TARGET_IS_CNAME"}, StabilityA, ""},
	{"ZONE10", []string{"MULTIPLE_SOA", "NO_RESPONSE", "WRONG_SOA"}, "ZC09", []string{"SOA_COUNT"}, StabilityA, ""},
}

func overlapFor(testcase string) (Overlap, bool) {
	for _, o := range Overlaps {
		if o.TestCase == testcase {
			return o, true
		}
	}
	return Overlap{}, false
}

// zonemasterEntry is one line of `zonemaster-cli --json-stream --raw`.
type zonemasterEntry struct {
	Args      map[string]json.RawMessage `json:"args"`
	Level     string                     `json:"level"`
	Module    string                     `json:"module"`
	Tag       string                     `json:"tag"`
	TestCase  string                     `json:"testcase"`
	Timestamp float64                    `json:"timestamp"`
}

var zmLevels = map[Level]Severity{LevelCritical: Failure, LevelError: Failure, LevelWarning: Warning, LevelNotice: Notice, LevelInfo: 0, LevelDebug: 0, "DEBUG2": 0, "DEBUG3": 0}

// ImportZonemaster reads the output of `zonemaster-cli --json-stream --raw`
// (one JSON object per line: level, module, testcase, tag, args) and
// returns its NOTICE, WARNING, ERROR and CRITICAL messages as findings with
// check "ZM:<TESTCASE>", the Zonemaster tag, the effect and related rsep
// check from [Overlaps] (by module otherwise), sorted. INFO and DEBUG lines
// are validated and dropped. At most [MaxZonemasterSize] bytes and lines of
// [MaxZonemasterLine] bytes are read; a malformed line is an error naming
// its line number, and no findings are returned with an error. Input over
// MaxZonemasterSize is an ErrLimitExceeded error naming the limit; past
// [MaxFindings] findings, one TOO_MANY_FINDINGS warning replaces the rest.
// cfg.Limits.ZonemasterSize and cfg.Limits.Findings move those two limits
// (nil cfg or zero: the defaults). ctx is honoured between lines.
func ImportZonemaster(ctx context.Context, r io.Reader, cfg *ReadConfig) ([]Finding, error) {
	l := cfg.limits()
	maxSize := orDefault(l.ZonemasterSize, int64(MaxZonemasterSize))
	maxFindings := orDefault(l.Findings, MaxFindings)
	lr := &limitedReader{r: r, n: maxSize}
	tooBig := func() error {
		return errorf(ErrLimitExceeded, "", 0, "zonemaster: input larger than %d bytes (MaxZonemasterSize)", maxSize)
	}
	sc := bufio.NewScanner(lr)
	sc.Buffer(make([]byte, 0, 64<<10), MaxZonemasterLine)
	out := []Finding{}
	line, dropped := 0, 0
	for sc.Scan() {
		line++
		if line%ctxEvery == 0 && ctx.Err() != nil {
			return nil, cancelled(ctx.Err())
		}
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var e zonemasterEntry
		dec := json.NewDecoder(bytes.NewReader(b))
		if err := dec.Decode(&e); err != nil {
			if lr.exceeded {
				return nil, tooBig() // the line was cut by the size limit
			}
			return nil, &Error{Kind: ErrMalformed, Line: line, Err: fmt.Errorf("zonemaster: %w", err)}
		}
		if dec.More() {
			return nil, &Error{Kind: ErrMalformed, Line: line, Err: errors.New("zonemaster: more than one JSON value on the line")}
		}
		if _, ok := zmLevels[Level(e.Level)]; !ok {
			return nil, &Error{Kind: ErrMalformed, Line: line, Err: fmt.Errorf("zonemaster: unknown level %q", e.Level)}
		}
		// RST's regrading (zonemaster-test-policies.yaml) applies to the
		// test cases RST runs.
		level := Level(e.Level)
		if rstCase(e.TestCase) != "" {
			level = RSTSeverity(e.Tag, level)
		}
		sev := zmLevels[level]
		if e.Tag == "" || e.Module == "" {
			return nil, &Error{Kind: ErrMalformed, Line: line, Err: errors.New("zonemaster: entry without module or tag")}
		}
		if sev == 0 {
			continue
		}
		if len(out) >= maxFindings {
			dropped++
			continue
		}
		out = append(out, zmFinding(e, sev))
	}
	if err := sc.Err(); err != nil {
		if lr.exceeded {
			return nil, tooBig()
		}
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &Error{Kind: ErrLimitExceeded, Line: line + 1, Err: fmt.Errorf("zonemaster: a line longer than %d bytes (MaxZonemasterLine)", MaxZonemasterLine)}
		}
		return nil, &Error{Kind: ErrMalformed, Line: line + 1, Err: fmt.Errorf("zonemaster: %w", err)}
	}
	if lr.exceeded {
		return nil, tooBig()
	}
	if dropped > 0 {
		out = append(out, Finding{Check: "RSEP", Tag: "TOO_MANY_FINDINGS", Severity: Warning, Effect: StabilityB, Authority: "rsep MaxFindings",
			Message: fmt.Sprintf("zonemaster: %d further findings dropped (MaxFindings %d)", dropped, maxFindings)})
	}
	sortFindings(out)
	return out, nil
}

func zmFinding(e zonemasterEntry, sev Severity) Finding {
	tc := strings.ToUpper(e.TestCase)
	if tc == "" || tc == "UNSPECIFIED" {
		tc = strings.ToUpper(e.Module)
	}
	f := Finding{Check: "ZM:" + tc, Tag: e.Tag, Severity: sev, Authority: "Zonemaster " + tc}
	if c := rstCase(tc); c != "" && sev >= Warning {
		f.RST = c + "/ZM_" + e.Tag
		if s, ok := rstOverrides[e.Tag]; ok && s != Level(e.Level) {
			f.Authority += " (RST regrades " + e.Level + " to " + string(s) + ")"
		}
	}
	if o, ok := overlapFor(tc); ok {
		f.Effect, f.Related = o.Effect, o.Check
		if c, ok := Lookup(o.Check); ok {
			f.Authority += "; " + c.Authority
		}
	} else {
		switch strings.ToUpper(e.Module) {
		case "SYNTAX", "ZONE":
			f.Effect = StabilityA
		default:
			f.Effect = StabilityB
		}
	}
	keys := make([]string, 0, len(e.Args))
	for k := range e.Args {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		v := string(e.Args[k])
		var s string
		if json.Unmarshal(e.Args[k], &s) == nil {
			v = s
		}
		parts = append(parts, k+"="+v)
	}
	for _, k := range []string{"ns", "nsname", "ns_ip", "domain", "mname", "rname", "zone", "child"} {
		if v, ok := e.Args[k]; ok {
			var s string
			if json.Unmarshal(v, &s) == nil {
				f.Name = s
				break
			}
		}
	}
	f.Message = e.Tag
	if len(parts) > 0 {
		f.Message += " " + strings.Join(parts, " ")
	}
	return f
}

// Add appends findings (for example imported from Zonemaster) to the
// report and restores its order.
func (r *Report) Add(fs ...Finding) {
	r.Findings = append(r.Findings, fs...)
	sortFindings(r.Findings)
}
