package rsep

import (
	"fmt"
	"sort"
	"strings"
)

// Level is a Zonemaster message level. RST v2.0 grades its error codes
// with the same names and fails a test on LevelWarning and above
// (zonemaster-test-policies.yaml); [ImportZonemaster] maps the levels of a
// stream to a [Severity] (CRITICAL and ERROR: Failure; INFO and DEBUG:
// dropped).
type Level string

// Zonemaster levels, from the most to the least severe.
const (
	LevelCritical Level = "CRITICAL"
	LevelError    Level = "ERROR"
	LevelWarning  Level = "WARNING"
	LevelNotice   Level = "NOTICE"
	LevelInfo     Level = "INFO"
	LevelDebug    Level = "DEBUG" // streams also carry DEBUG2 and DEBUG3
)

func (l Level) String() string { return string(l) }

// MarshalText renders the level by name; a name Zonemaster does not use
// is an error.
func (l Level) MarshalText() ([]byte, error) {
	if _, ok := zmLevels[l]; !ok {
		return nil, fmt.Errorf("rsep: unknown Zonemaster level %q", string(l))
	}
	return []byte(l), nil
}

// UnmarshalText parses a Zonemaster level name.
func (l *Level) UnmarshalText(b []byte) error {
	if _, ok := zmLevels[Level(b)]; !ok {
		return fmt.Errorf("rsep: unknown Zonemaster level %q", b)
	}
	*l = Level(b)
	return nil
}

// RSTCode is one error code of ICANN's Registry System Testing (RST v2.0)
// DNS, DNSSEC, DNSSEC-operations or integration test plans, with the rsep
// check that detects the same problem, or why rsep cannot decide it.
//
// RST's DNS and DNSSEC suites are Zonemaster's test cases (engine 8.1.1)
// plus ICANN's own: a Zonemaster test case MODULEnn becomes the RST case
// "dns-modulenn" (DNSSECnn: "dnssec-nn") and a Zonemaster message TAG the
// error code "ZM_TAG", graded as the engine's default profile grades it
// unless zonemaster-test-policies.yaml overrides it (RST fails a test on
// WARNING and above; [RSTSeverity]).
type RSTCode struct {
	Case     string   // RST test case, e.g. "dnssec-92", "dns-address01", "dnssecOps01-ZSKRollover"
	Code     string   // RST error code, e.g. "DNSSEC_INVALID_DIGEST_ALGORITHM", "ZM_A01_DOCUMENTATION_ADDR"
	Severity Level    // RST severity: LevelCritical, LevelError or LevelWarning
	Check    string   // rsep check that detects it; "" when none
	Tags     []string // rsep finding tags of Check that carry this code
	Type     string   // when set, only findings about this RR type carry the code
	Note     string   // how rsep decides it, or why it cannot
}

// Reasons a code cannot be decided by rsep.
const (
	whyEPP   = "not decidable: needs an EPP session with the registry (RST drives EPP; rsep reads zones and deposits)"
	whyRDAP  = "not decidable: needs RDAP queries after EPP transforms"
	whySFTP  = "not decidable: needs the registry's RDE SFTP server"
	whyASN   = "not decidable: needs BGP origin-AS data for the name-server addresses (no AS database in rsep)"
	whyOps   = "partly: rsep verifies each zone state given to it (tldcheck chain section, CHG02 Simulate over a timeline); RST watches the live zone for 48 hours"
	whySkipd = "RST skips this Zonemaster test case (zonemaster-test-policies.yaml skip); the override is inert"
)

// RSTCodes lists every error code of the RST v2.0 DNS, DNSSEC,
// DNSSEC-operations and integration plans (their errors.yaml and the codes
// their cases.yaml name), every Zonemaster message RST's
// zonemaster-test-policies.yaml regrades, and the other Zonemaster messages
// an rsep check overlaps. The package documentation renders it as the
// coverage table; rsep findings carry the Case/Code of their row in
// [Finding.RST].
var RSTCodes = []RSTCode{
	// RST's own DNS cases (dns/errors.yaml).
	{"dns-zz-idna2008-compliance", "DNS_IDNA2008_QUERY_FAILED", "CRITICAL", "NS01", []string{"NO_RESPONSE_UDP", "NO_RESPONSE_TCP"}, "", "live: the SOA query of NS01"},
	{"dns-zz-idna2008-compliance", "DNS_IDNA2008_INVALID_MNAME", "ERROR", "ZC10", []string{"MNAME_IDNA2008"}, "", "offline, from the zone's SOA (package idn)"},
	{"dns-zz-idna2008-compliance", "DNS_IDNA2008_INVALID_RNAME", "ERROR", "ZC10", []string{"RNAME_IDNA2008"}, "", "offline, from the zone's SOA (package idn)"},
	{"dns-zz-idna2008-compliance", "DNS_IDNA2008_INVALID_NS_NSDNAME", "ERROR", "ZC10", []string{"NS_IDNA2008"}, "", "offline, from the apex NS RRset (package idn)"},
	{"dns-zz-consistency", "DNS_CONSISTENCY_QUERY_FAILED", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live, every NS address over UDP and TCP, one vantage point"},
	{"dns-zz-consistency", "DNS_INCONSISTENT_RESPONSES", "ERROR", "NS02", []string{"SOA_DIFFERS", "NS_SET_DIFFERS", "DNSKEY_SET_DIFFERS", "NSEC3PARAM_DIFFERS", "NIC_DIFFERS", "NIC_MISSING"}, "", "live: apex SOA (serial excepted), NS, DNSKEY, NSEC3PARAM and nic.<tld> NS/DS compared across servers and transports; no anycast vantage points"},

	// RST's own DNSSEC cases (dnssec/errors.yaml).
	{"dnssec-91", "DNSSEC_DNS_QUERY_ERROR", "ERROR", "", nil, "", "not applicable offline: rsep reads the DNSKEY RRset from the zone file; live query failures are NS01's"},
	{"dnssec-91", "DNSSEC_INVALID_SIGNING_ALGORITHM", "ERROR", "SEC03", []string{"ALGORITHM_BELOW_8"}, "", "offline"},
	{"dnssec-92", "DNSSEC_DNS_QUERY_ERROR", "ERROR", "", nil, "", "not applicable: rsep reads the DS RRset from parent data"},
	{"dnssec-92", "DNSSEC_INVALID_DIGEST_ALGORITHM", "ERROR", "SEC04", []string{"DS_DIGEST_SHA1", "DS_DIGEST_GOST"}, "", "offline, from parent data"},
	{"dnssec-93", "DNSSEC_DNS_QUERY_ERROR", "ERROR", "", nil, "", "not applicable: rsep reads NSEC3PARAM from the zone file"},
	{"dnssec-93", "DNSSEC_NSEC3_ITERATIONS_IS_NOT_ZERO", "ERROR", "SEC07", []string{"NSEC3_ITERATIONS"}, "", "offline"},
	{"dnssec-93", "DNSSEC_NSEC3_SALT_IS_NOT_EMPTY", "ERROR", "SEC07", []string{"NSEC3_SALT"}, "", "offline"},

	// DNSSEC operations (dnssec-ops/errors.yaml).
	{"dnssecOps01-ZSKRollover", "DNSSEC_OPS_ZSK_ROLLOVER_CHAIN_OF_TRUST_BROKEN", "ERROR", "CHG02", []string{"CACHED_DNSKEY_CANNOT_VALIDATE", "CACHED_SIGNATURES_ORPHANED"}, "", whyOps},
	{"dnssecOps01-ZSKRollover", "DNSSEC_OPS_ZSK_ROLLOVER_NOT_COMPLETED", "ERROR", "", nil, "", "not decidable: needs 48 hours of observation of the live zone"},
	{"dnssecOps02-KSKRollover", "DNSSEC_OPS_KSK_ROLLOVER_CHAIN_OF_TRUST_BROKEN", "ERROR", "CHG02", []string{"CACHED_DS_NO_KEY"}, "", whyOps},
	{"dnssecOps02-KSKRollover", "DNSSEC_OPS_KSK_ROLLOVER_NOT_COMPLETED", "ERROR", "", nil, "", "not decidable: needs 48 hours of observation of the live zone"},
	{"dnssecOps03-AlgorithmRollover", "DNSSEC_OPS_ALGORITHM_ROLLOVER_CHAIN_OF_TRUST_BROKEN", "ERROR", "CHG02", []string{"CACHED_DNSKEY_CANNOT_VALIDATE", "CACHED_SIGNATURES_ORPHANED", "CACHED_DS_NO_KEY"}, "", whyOps + "; SEC05 checks each state's algorithm completeness"},
	{"dnssecOps03-AlgorithmRollover", "DNSSEC_OPS_ALGORITHM_ROLLOVER_NOT_COMPLETED", "ERROR", "", nil, "", "not decidable: needs 48 hours of observation of the live zone"},
	{"dnssecOps01..03", "DNSSEC_OPS_INVALID_ALGORITHM", "ERROR", "SEC03", []string{"ALGORITHM_NOT_RECOMMENDED", "ALGORITHM_UNKNOWN"}, "", "offline, on each state's DNSKEY RRset (with dnssec-91's rule: ALGORITHM_BELOW_8)"},
	{"dnssecOps01..03", "DNSSEC_OPS_XFR_FAILED_TOO_MANY_TIMES", "ERROR", "", nil, "", "not decidable: rsep does not transfer zones (give it the file)"},
	{"dnssecOps01..03", "DNSSEC_OPS_DNS_QUERY_FAILED_TOO_MANY_TIMES", "ERROR", "NS01", []string{"NO_RESPONSE_UDP", "NO_RESPONSE_TCP"}, "", "live, single run"},
	{"dnssecOps01..03", "DNSSEC_OPS_ZONE_IS_INVALID", "ERROR", CheckChain, []string{"ZONE_*"}, "", "offline: dnssec.VerifyZone over the whole zone (EvaluateTLD); SEC01-SEC07 in the catalogue"},

	// Integration (integration/errors.yaml and the EPP codes its cases name).
	{"integration-01", "INTEGRATION_RDAP_REQUEST_FAILED", "WARNING", "", nil, "", whyRDAP},
	{"integration-01", "INTEGRATION_DOMAIN_NOT_PRESENT_IN_RDAP", "ERROR", "", nil, "", whyRDAP},
	{"integration-02", "INTEGRATION_DNS_QUERY_FAILED", "WARNING", "", nil, "", whyEPP},
	{"integration-02", "INTEGRATION_DOMAIN_NOT_PRESENT_IN_DNS", "ERROR", CheckReconcile, []string{"NOT_DELEGATED"}, "", "partly: a deposit domain with name servers missing from the zone file (the state, not RST's one-hour timing after an EPP create)"},
	{"integration-03", "INTEGRATION_RDE_SFTP_SERVER_UNREACHABLE", "WARNING", "", nil, "", whySFTP},
	{"integration-03", "INTEGRATION_RDE_SFTP_SERVER_AUTHENTICATION_ERROR", "WARNING", "", nil, "", whySFTP},
	{"integration-03", "INTEGRATION_DOMAIN_NOT_PRESENT_IN_RDE", "ERROR", CheckReconcile, []string{"NOT_IN_DEPOSIT"}, "", "partly: a delegation missing from the deposit given (not RST's 24-hour timing)"},
	{"integration-04", "INTEGRATION_LINKED_HOST_OBJECTS_NOT_OBSERVED", "ERROR", CheckReconcile, []string{"GLUE_MISSING", "GLUE_DIFFER"}, "", "partly: host objects with addresses that name servers of a delegation use but the zone lacks as glue"},
	{"integration-04", "INTEGRATION_UNLINKED_HOST_OBJECTS_OBSERVED", "ERROR", "ZC05", []string{"ORPHAN_GLUE", "ORPHAN_GLUE_IN_USE"}, "", "partly: glue no delegation of its domain uses (narrow glue policy)"},
	{"integration-05", "INTEGRATION_EXPECTED_GLUE_NOT_OBSERVED", "ERROR", CheckReconcile, []string{"GLUE_MISSING", "GLUE_DIFFER"}, "", "partly: hostAttr addresses of the deposit missing from the zone"},
	{"integration-05", "INTEGRATION_UNEXPECTED_GLUE_OBSERVED", "ERROR", CheckReconcile, []string{"GLUE_NOT_IN_DEPOSIT"}, "", "partly: zone glue no host object or hostAttr of the deposit gives"},
	{"integration-01..05", "EPP_DNS_RESOLUTION_ERROR", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_SERVICE_PORT_UNREACHABLE", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_NO_SERVICE_PORTS_REACHABLE", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_TLS_CONNECTION_ERROR", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_LOGIN_ERROR", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_XML_PARSE_ERROR", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_GENERIC_COMMAND_ERROR", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_UNEXPECTED_COMMAND_FAILURE", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_SCHEMA_VALIDATION_ERROR", "ERROR", "", nil, "", whyEPP},
	{"integration-01..05", "EPP_INVALID_EXTENSION", "ERROR", "", nil, "", whyEPP},

	// Zonemaster-derived DNS cases (engine 8.1.1 tags; severities after
	// RST's overrides).
	{"dns-address01", "ZM_A01_ADDR_NOT_GLOBALLY_REACHABLE", "CRITICAL", "DEL04", []string{"SPECIAL_ADDRESS"}, "", "offline, zone glue and parent glue against the IANA special-purpose registries (RFC 6890)"},
	{"dns-address01", "ZM_A01_DOCUMENTATION_ADDR", "CRITICAL", "DEL04", []string{"SPECIAL_ADDRESS"}, "", "offline (RFC 5737, RFC 3849 blocks are special-purpose)"},
	{"dns-address01", "ZM_A01_LOCAL_USE_ADDR", "CRITICAL", "DEL04", []string{"SPECIAL_ADDRESS"}, "", "offline (RFC 1918, RFC 4193 blocks)"},
	{"dns-address01", "ZM_A01_NO_GLOBALLY_REACHABLE_ADDR", "CRITICAL", "DEL04", []string{"SPECIAL_ADDRESS"}, "", "offline, per address"},
	{"dns-address02", "ZM_NAMESERVER_IP_WITHOUT_REVERSE", "WARNING", "NS04", []string{"NO_PTR"}, "", "live: PTR query for each name-server address"},
	{"dns-address02", "ZM_NO_RESPONSE_PTR_QUERY", "WARNING", "NS04", []string{"PTR_QUERY_FAILED"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_NO_RESPONSE_UDP", "ERROR", "NS01", []string{"NO_RESPONSE_UDP"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_NO_RESPONSE_SOA_QUERY_UDP", "ERROR", "NS01", []string{"NO_RESPONSE_UDP"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_NO_RESPONSE_NS_QUERY_UDP", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live: the NS query of NS02"},
	{"dns-connectivity01", "ZM_CN01_MISSING_SOA_RECORD_UDP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE"}, "", "live: no SOA in the answer"},
	{"dns-connectivity01", "ZM_CN01_MISSING_NS_RECORD_UDP", "ERROR", "NS02", []string{"NS_SET_DIFFERS"}, "", "live: an NS answer without the NS RRset differs from the others"},
	{"dns-connectivity01", "ZM_CN01_SOA_RECORD_NOT_AA_UDP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_NS_RECORD_NOT_AA_UDP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE"}, "", "live (SOA only): a server not authoritative for SOA"},
	{"dns-connectivity01", "ZM_CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_UNEXPECTED_RCODE_NS_QUERY_UDP", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_WRONG_SOA_RECORD_UDP", "ERROR", "NS02", []string{"SOA_DIFFERS"}, "", "live"},
	{"dns-connectivity01", "ZM_CN01_WRONG_NS_RECORD_UDP", "ERROR", "NS02", []string{"NS_SET_DIFFERS"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_NO_RESPONSE_TCP", "ERROR", "NS01", []string{"NO_RESPONSE_TCP"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_NO_RESPONSE_SOA_QUERY_TCP", "ERROR", "NS01", []string{"NO_RESPONSE_TCP"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_NO_RESPONSE_NS_QUERY_TCP", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_MISSING_SOA_RECORD_TCP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE_TCP"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_MISSING_NS_RECORD_TCP", "ERROR", "NS02", []string{"NS_SET_DIFFERS"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_SOA_RECORD_NOT_AA_TCP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE_TCP"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_NS_RECORD_NOT_AA_TCP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE_TCP"}, "", "live (SOA only)"},
	{"dns-connectivity02", "ZM_CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE_TCP"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_UNEXPECTED_RCODE_NS_QUERY_TCP", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_WRONG_SOA_RECORD_TCP", "ERROR", "NS02", []string{"SOA_DIFFERS"}, "", "live"},
	{"dns-connectivity02", "ZM_CN02_WRONG_NS_RECORD_TCP", "ERROR", "NS02", []string{"NS_SET_DIFFERS"}, "", "live"},
	{"dns-connectivity03", "ZM_IPV4_ONE_ASN", "ERROR", "", nil, "", whyASN},
	{"dns-connectivity03", "ZM_IPV6_ONE_ASN", "ERROR", "", nil, "", whyASN},
	{"dns-consistency01", "ZM_MULTIPLE_SOA_SERIALS", "ERROR", "", nil, "", whySkipd + "; NS02 SOA_DIFFERS compares everything but the serial, as dns-zz-consistency does"},
	{"dns-consistency02", "ZM_MULTIPLE_SOA_RNAMES", "ERROR", "NS02", []string{"SOA_DIFFERS"}, "", "live"},
	{"dns-consistency03", "ZM_MULTIPLE_SOA_TIME_PARAMETER_SET", "ERROR", "NS02", []string{"SOA_DIFFERS"}, "", "live"},
	{"dns-consistency04", "ZM_MULTIPLE_NS_SET", "ERROR", "NS02", []string{"NS_SET_DIFFERS"}, "", "live"},
	{"dns-consistency05", "ZM_CHILD_ZONE_LAME", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE", "NO_RESPONSE_UDP"}, "", "live"},
	{"dns-consistency05", "ZM_CHILD_NS_FAILED", "ERROR", "NS01", []string{"NO_RESPONSE_UDP", "NO_RESPONSE_TCP"}, "", "live"},
	{"dns-consistency05", "ZM_IN_BAILIWICK_ADDR_MISMATCH", "ERROR", "DEL02", []string{"GLUE_MISMATCH"}, "", "offline, parent glue against the zone"},
	{"dns-consistency05", "ZM_OUT_OF_BAILIWICK_ADDR_MISMATCH", "ERROR", "DEL02", []string{"GLUE_MISMATCH"}, "", "offline for glue the parent data gives; out-of-zone addresses are not resolved"},
	{"dns-consistency05", "ZM_EXTRA_ADDRESS_CHILD", "ERROR", "DEL02", []string{"GLUE_MISSING"}, "", "offline"},
	{"dns-consistency06", "ZM_MULTIPLE_SOA_MNAMES", "ERROR", "NS02", []string{"SOA_DIFFERS"}, "", "live"},
	{"dns-consistency02", "ZM_NO_RESPONSE_SOA_QUERY", "ERROR", "NS01", []string{"NO_RESPONSE_UDP"}, "", "live"},
	{"dns-consistency04", "ZM_NO_RESPONSE_NS_QUERY", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live"},
	{"dns-delegation01", "ZM_NOT_ENOUGH_NS_CHILD", "ERROR", "DEL01", []string{"NOT_ENOUGH_NS_CHILD"}, "", "offline"},
	{"dns-delegation01", "ZM_NOT_ENOUGH_NS_DEL", "ERROR", "DEL01", []string{"NOT_ENOUGH_NS_DEL"}, "", "offline, parent data"},
	{"dns-delegation01", "ZM_NO_IPV4_NS_CHILD", "ERROR", "DEL01", []string{"NO_IPV4_NS"}, "", "offline"},
	{"dns-delegation01", "ZM_NO_IPV4_NS_DEL", "ERROR", "DEL01", []string{"NO_IPV4_NS"}, "", "offline, parent glue"},
	{"dns-delegation01", "ZM_NO_IPV6_NS_CHILD", "ERROR", "DEL01", []string{"NOT_ENOUGH_IPV6_NS"}, "", "offline (RA Spec 6 §1.5 asks two)"},
	{"dns-delegation01", "ZM_NO_IPV6_NS_DEL", "ERROR", "DEL01", []string{"NOT_ENOUGH_IPV6_NS"}, "", "offline, parent glue"},
	{"dns-delegation01", "ZM_NOT_ENOUGH_IPV4_NS_CHILD", "ERROR", "DEL01", []string{"NO_IPV4_NS"}, "", "offline"},
	{"dns-delegation01", "ZM_NOT_ENOUGH_IPV6_NS_CHILD", "ERROR", "DEL01", []string{"NOT_ENOUGH_IPV6_NS"}, "", "offline"},
	{"dns-delegation02", "ZM_SAME_IP_ADDRESS", "ERROR", "DEL01", []string{"SAME_IP_ADDRESS"}, "", "offline"},
	{"dns-delegation02", "ZM_CHILD_NS_SAME_IP", "ERROR", "DEL01", []string{"SAME_IP_ADDRESS"}, "", "offline"},
	{"dns-delegation02", "ZM_DEL_NS_SAME_IP", "ERROR", "DEL01", []string{"SAME_IP_ADDRESS"}, "", "offline, parent glue"},
	{"dns-delegation03", "ZM_REFERRAL_SIZE_TOO_LARGE", "ERROR", "DEL03", []string{"REFERRAL_SIZE_TOO_LARGE"}, "", "offline"},
	{"dns-delegation04", "ZM_IS_NOT_AUTHORITATIVE", "WARNING", "NS01", []string{"NOT_AUTHORITATIVE", "NOT_AUTHORITATIVE_TCP"}, "", "live"},
	{"dns-delegation05", "ZM_NS_IS_CNAME", "ERROR", "ZC09", []string{"TARGET_IS_CNAME"}, "", "offline (in-zone names)"},
	{"dns-delegation07", "ZM_EXTRA_NAME_PARENT", "ERROR", "DEL02", []string{"EXTRA_NAME_PARENT"}, "", "offline, parent data against the apex NS RRset"},
	{"dns-delegation07", "ZM_TOTAL_NAME_MISMATCH", "ERROR", "DEL02", []string{"TOTAL_NAME_MISMATCH"}, "", "offline"},
	{"dns-delegation07", "ZM_EXTRA_NAME_CHILD", "NOTICE", "DEL02", []string{"EXTRA_NAME_CHILD"}, "", "offline; a notice in Zonemaster, so RST does not fail on it"},
	{"dns-nameserver01", "ZM_IS_A_RECURSOR", "ERROR", "NS01", []string{"IS_A_RECURSOR"}, "", "live"},
	{"dns-nameserver02", "ZM_NO_EDNS_SUPPORT", "ERROR", "NS03", []string{"NO_EDNS_SUPPORT"}, "", "live"},
	{"dns-nameserver02", "ZM_NS_ERROR", "ERROR", "NS03", []string{"NO_EDNS_SUPPORT"}, "", "live"},
	{"dns-nameserver02", "ZM_EDNS_RESPONSE_WITHOUT_EDNS", "ERROR", "NS03", []string{"NO_EDNS_SUPPORT"}, "", "live"},
	{"dns-nameserver04", "ZM_DIFFERENT_SOURCE_IP", "ERROR", "NS04", []string{"DIFFERENT_SOURCE_IP"}, "", "live, with a Prober that reports the answer's source (Client does)"},
	{"dns-nameserver05", "ZM_A_UNEXPECTED_RCODE", "ERROR", "NS04", []string{"A_UNEXPECTED_RCODE"}, "", "live"},
	{"dns-nameserver05", "ZM_AAAA_UNEXPECTED_RCODE", "ERROR", "NS04", []string{"AAAA_UNEXPECTED_RCODE"}, "", "live"},
	{"dns-nameserver05", "ZM_AAAA_QUERY_DROPPED", "ERROR", "NS04", []string{"AAAA_QUERY_DROPPED"}, "", "live"},
	{"dns-nameserver05", "ZM_AAAA_BAD_RDATA", "ERROR", "NS04", []string{"AAAA_QUERY_DROPPED"}, "", "live: a response whose AAAA data does not parse is no response"},
	{"dns-nameserver08", "ZM_QNAME_CASE_INSENSITIVE", "WARNING", "NS03", []string{"QNAME_CASE_CHANGED"}, "", "live"},
	{"dns-nameserver10", "ZM_UNSUPPORTED_EDNS_VER", "ERROR", "NS03", []string{"NO_EDNS_BADVERS"}, "", "live (engine 4.6 tag)"},
	{"dns-nameserver10", "ZM_N10_EDNS_RESPONSE_ERROR", "ERROR", "NS03", []string{"NO_EDNS_BADVERS"}, "", "live"},
	{"dns-nameserver10", "ZM_N10_NO_RESPONSE_EDNS1_QUERY", "ERROR", "NS03", []string{"NO_EDNS_BADVERS"}, "", "live"},
	{"dns-nameserver10", "ZM_N10_UNEXPECTED_RCODE", "ERROR", "NS03", []string{"NO_EDNS_BADVERS"}, "", "live"},
	{"dns-nameserver11", "ZM_UNKNOWN_OPTION_CODE", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live (engine 4.6 tag), only on a server that answers a plain EDNS query"},
	{"dns-nameserver11", "ZM_N11_NO_EDNS", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live"},
	{"dns-nameserver11", "ZM_N11_NO_RESPONSE", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live"},
	{"dns-nameserver11", "ZM_N11_RETURNS_UNKNOWN_OPTION_CODE", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live"},
	{"dns-nameserver11", "ZM_N11_UNEXPECTED_ANSWER_SECTION", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live"},
	{"dns-nameserver11", "ZM_N11_UNEXPECTED_RCODE", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live"},
	{"dns-nameserver11", "ZM_N11_UNSET_AA", "ERROR", "NS03", []string{"UNKNOWN_OPTION"}, "", "live"},
	{"dns-nameserver12", "ZM_Z_FLAGS_NOTCLEAR", "ERROR", "NS04", []string{"Z_FLAGS_NOTCLEAR"}, "", "live"},
	{"dns-nameserver13", "ZM_MISSING_OPT_IN_TRUNCATED", "ERROR", "NS04", []string{"MISSING_OPT_IN_TRUNCATED"}, "", "live"},
	{"dns-syntax05", "ZM_RNAME_MISUSED_AT_SIGN", "ERROR", "ZC09", []string{"RNAME_AT_SIGN"}, "", "offline"},
	{"dns-syntax06", "ZM_RNAME_RFC822_INVALID", "ERROR", "ZC09", []string{"RNAME_RFC822_INVALID"}, "", "offline: the mailbox the RNAME encodes (RFC 1035 §8)"},
	{"dns-syntax06", "ZM_RNAME_MAIL_DOMAIN_INVALID", "ERROR", "", nil, "", "not decided: needs an MX/address lookup of the mail domain outside the TLD (no resolver in rsep)"},
	{"dns-syntax06", "ZM_RNAME_MAIL_DOMAIN_LOCALHOST", "ERROR", "ZC09", []string{"RNAME_LOCALHOST"}, "", "offline: the mail domain is localhost"},
	{"dns-syntax06", "ZM_RNAME_MAIL_ILLEGAL_CNAME", "ERROR", "", nil, "", "not decided: needs a lookup of the mail domain outside the TLD"},
	{"dns-zone10", "ZM_WRONG_SOA", "ERROR", "ZC09", []string{"SOA_COUNT", "SOA_NOT_APEX"}, "", "offline (live answers: NS02)"},
	{"dns-zone10", "ZM_NO_SOA_IN_RESPONSE", "ERROR", "NS01", []string{"NOT_AUTHORITATIVE"}, "", "live"},
	{"dns-zone*", "ZM_NO_RESPONSE", "ERROR", "NS01", []string{"NO_RESPONSE_UDP", "NO_RESPONSE_TCP"}, "", "live"},

	// Zonemaster-derived DNSSEC cases.
	{"dnssec-01", "ZM_DS01_DS_ALGO_2_MISSING", "ERROR", "SEC04", []string{"DS_SHA256_MISSING"}, "", "offline, parent data"},
	{"dnssec-01", "ZM_DS01_DS_ALGO_DEPRECATED", "ERROR", "SEC04", []string{"DS_DIGEST_SHA1", "DS_DIGEST_GOST"}, "", "offline"},
	{"dnssec-01", "ZM_DS01_DS_ALGO_RESERVED", "ERROR", "SEC04", []string{"DS_DIGEST_UNKNOWN"}, "", "offline"},
	{"dnssec-01", "ZM_DS01_DS_ALGO_NOT_DS", "ERROR", "SEC04", []string{"DS_DIGEST_UNKNOWN"}, "", "offline"},
	{"dnssec-02", "ZM_DS02_DNSKEY_NOT_SEP", "ERROR", "SEC04", []string{"DS_KEY_NOT_SEP"}, "", "offline"},
	{"dnssec-02", "ZM_DS02_NO_DNSKEY_FOR_DS", "ERROR", "SEC04", []string{"DS_NO_MATCH"}, "", "offline"},
	{"dnssec-02", "ZM_DS02_NO_MATCHING_DNSKEY_RRSIG", "ERROR", "SEC04", []string{"DS_KEY_NOT_SIGNING"}, "", "offline"},
	{"dnssec-02", "ZM_DS02_NO_VALID_DNSKEY_FOR_ANY_DS", "ERROR", "SEC04", []string{"NO_VALID_DS"}, "", "offline"},
	{"dnssec-02", "ZM_DS02_DNSKEY_NOT_FOR_ZONE_SIGNING", "ERROR", "SEC04", []string{"DS_NO_MATCH"}, "", "offline: only zone keys (flag bit 7) are matched"},
	{"dnssec-03", "ZM_DS03_NO_DNSSEC_SUPPORT", "CRITICAL", "SEC01", []string{"UNSIGNED_ZONE"}, "", "offline"},
	{"dnssec-03", "ZM_DS03_ILLEGAL_ITERATION_VALUE", "ERROR", "SEC07", []string{"NSEC3_ITERATIONS"}, "", "offline"},
	{"dnssec-03", "ZM_DS03_ILLEGAL_SALT_LENGTH", "ERROR", "SEC07", []string{"NSEC3_SALT"}, "", "offline"},
	{"dnssec-04", "ZM_RRSIG_EXPIRED", "ERROR", "SEC02", []string{"SIG_EXPIRED"}, "", "offline, at Target.Now"},
	{"dnssec-04", "ZM_REMAINING_SHORT", "WARNING", "SEC02", []string{"SIG_EXPIRING"}, "", "offline (policy signature_min_remaining, default 12 h)"},
	{"dnssec-04", "ZM_REMAINING_LONG", "WARNING", "SEC02", []string{"SIG_REMAINING_LONG"}, "", "offline: more than 180 days left"},
	{"dnssec-04", "ZM_DURATION_LONG", "WARNING", "SEC02", []string{"SIG_DURATION_LONG"}, "", "offline: validity period over 180 days"},
	{"dnssec-05", "ZM_ALGORITHM_NOT_RECOMMENDED", "ERROR", "SEC03", []string{"ALGORITHM_NOT_RECOMMENDED"}, "", "offline"},
	{"dnssec-05", "ZM_ALGORITHM_DEPRECATED", "ERROR", "SEC03", []string{"ALGORITHM_BELOW_8", "ALGORITHM_NOT_RECOMMENDED"}, "", "offline"},
	{"dnssec-05", "ZM_ALGORITHM_NOT_ZONE_SIGN", "ERROR", "SEC03", []string{"ALGORITHM_NOT_RECOMMENDED", "ALGORITHM_UNKNOWN"}, "", "offline"},
	{"dnssec-05", "ZM_ALGORITHM_RESERVED", "ERROR", "SEC03", []string{"ALGORITHM_UNKNOWN"}, "", "offline"},
	{"dnssec-05", "ZM_ALGORITHM_UNASSIGNED", "ERROR", "SEC03", []string{"ALGORITHM_UNKNOWN"}, "", "offline"},
	{"dnssec-05", "ZM_ALGORITHM_PRIVATE", "ERROR", "SEC03", []string{"ALGORITHM_UNKNOWN"}, "", "offline"},
	{"dnssec-05", "ZM_DS05_SERVER_NO_DNSSEC", "CRITICAL", "NS04", []string{"NO_DNSSEC_RRSIG"}, "", "live: a DO query for the DNSKEY RRset answered without RRSIG"},
	{"dnssec-05", "ZM_NO_RESPONSE_DNSKEY", "ERROR", "NS02", []string{"CONSISTENCY_QUERY_FAILED"}, "", "live"},
	{"dnssec-08", "ZM_DS08_DNSKEY_RRSIG_EXPIRED", "ERROR", "SEC02", []string{"SIG_EXPIRED"}, "DNSKEY", "offline"},
	{"dnssec-08", "ZM_DS08_DNSKEY_RRSIG_NOT_YET_VALID", "ERROR", "SEC02", []string{"SIG_NOT_YET_VALID"}, "DNSKEY", "offline"},
	{"dnssec-08", "ZM_DS08_NO_MATCHING_DNSKEY", "ERROR", "SEC02", []string{"SIG_NO_KEY"}, "DNSKEY", "offline"},
	{"dnssec-08", "ZM_DS08_RRSIG_NOT_VALID_BY_DNSKEY", "ERROR", "SEC02", []string{"SIG_BOGUS"}, "DNSKEY", "offline"},
	{"dnssec-08", "ZM_DS08_MISSING_RRSIG_IN_RESPONSE", "ERROR", "SEC01", []string{"RRSET_UNSIGNED"}, "DNSKEY", "offline"},
	{"dnssec-09", "ZM_DS09_SOA_RRSIG_EXPIRED", "ERROR", "SEC02", []string{"SIG_EXPIRED"}, "SOA", "offline"},
	{"dnssec-09", "ZM_DS09_SOA_RRSIG_NOT_YET_VALID", "ERROR", "SEC02", []string{"SIG_NOT_YET_VALID"}, "SOA", "offline"},
	{"dnssec-09", "ZM_DS09_NO_MATCHING_DNSKEY", "ERROR", "SEC02", []string{"SIG_NO_KEY"}, "SOA", "offline"},
	{"dnssec-09", "ZM_DS09_RRSIG_NOT_VALID_BY_DNSKEY", "ERROR", "SEC02", []string{"SIG_BOGUS"}, "SOA", "offline"},
	{"dnssec-09", "ZM_DS09_MISSING_RRSIG_IN_RESPONSE", "ERROR", "SEC01", []string{"RRSET_UNSIGNED"}, "SOA", "offline"},
	{"dnssec-10", "ZM_DS10_MISSING_NSEC_NSEC3", "ERROR", "SEC06", []string{"NSEC_MISSING", "NSEC3_MISSING"}, "", "offline"},
	{"dnssec-10", "ZM_DS10_NAME_NOT_COVERED_BY_NSEC", "ERROR", "SEC06", []string{"NSEC_CHAIN_BROKEN"}, "", "offline (live: SLA02 BAD_DENIAL_PROOF)"},
	{"dnssec-10", "ZM_DS10_NAME_NOT_COVERED_BY_NSEC3", "ERROR", "SEC06", []string{"NSEC3_CHAIN_BROKEN"}, "", "offline (live: SLA02 BAD_DENIAL_PROOF)"},
	{"dnssec-10", "ZM_DS10_NSEC_RRSIG_VERIFY_ERROR", "ERROR", "SEC02", []string{"SIG_BOGUS"}, "NSEC", "offline"},
	{"dnssec-10", "ZM_DS10_NSEC3_RRSIG_VERIFY_ERROR", "ERROR", "SEC02", []string{"SIG_BOGUS"}, "NSEC3", "offline"},
	{"dnssec-10", "ZM_DS10_NSEC_MISSING_SIGNATURE", "ERROR", "SEC01", []string{"RRSET_UNSIGNED"}, "NSEC", "offline"},
	{"dnssec-10", "ZM_DS10_NSEC3_MISSING_SIGNATURE", "ERROR", "SEC01", []string{"RRSET_UNSIGNED"}, "NSEC3", "offline"},
	{"dnssec-10", "ZM_DS10_NON_EXISTENT_RESPONSE_ERROR", "ERROR", "SLA02", []string{"NO_NXDOMAIN"}, "", "live"},
	{"dnssec-10", "ZM_DS10_UNSIGNED_ANSWER", "ERROR", "SLA02", []string{"BAD_DENIAL_PROOF"}, "", "live"},
	{"dnssec-13", "ZM_DS13_ALGO_NOT_SIGNED_DNSKEY", "ERROR", "SEC05", []string{"ALGORITHM_NOT_SIGNING"}, "DNSKEY", "offline"},
	{"dnssec-13", "ZM_DS13_ALGO_NOT_SIGNED_NS", "ERROR", "SEC05", []string{"ALGORITHM_NOT_SIGNING"}, "NS", "offline"},
	{"dnssec-13", "ZM_DS13_ALGO_NOT_SIGNED_SOA", "ERROR", "SEC05", []string{"ALGORITHM_NOT_SIGNING"}, "SOA", "offline"},
	{"dnssec-14", "ZM_DNSKEY_TOO_SMALL_FOR_ALGO", "ERROR", "SEC03", []string{"KEY_TOO_SMALL"}, "", "offline"},
	{"dnssec-14", "ZM_DNSKEY_TOO_LARGE_FOR_ALGO", "ERROR", "SEC03", []string{"KEY_TOO_LARGE"}, "", "offline"},
	{"dnssec-14", "ZM_DNSKEY_SMALLER_THAN_REC", "WARNING", "SEC03", []string{"RSA_KEY_SMALL"}, "", "offline"},
	{"dnssec-16", "ZM_DS16_CDS_MATCHES_NON_SEP_DNSKEY", "ERROR", "SEC08", []string{"CDS_NO_MATCH"}, "", whySkipd + "; SEC08 checks CDS"},
	{"dnssec-16", "ZM_DS16_CDS_MATCHES_NO_DNSKEY", "ERROR", "SEC08", []string{"CDS_NO_MATCH"}, "", whySkipd},
	{"dnssec-16", "ZM_DS16_CDS_NOT_SIGNED_BY_CDS", "ERROR", "", nil, "", whySkipd},
	{"dnssec-16", "ZM_DS16_DNSKEY_NOT_SIGNED_BY_CDS", "ERROR", "", nil, "", whySkipd},
	{"dnssec-17", "ZM_DS17_CDNSKEY_IS_NON_SEP", "ERROR", "SEC08", []string{"CDNSKEY_NO_MATCH"}, "", whySkipd},
	{"dnssec-17", "ZM_DS17_CDNSKEY_MATCHES_NO_DNSKEY", "ERROR", "SEC08", []string{"CDNSKEY_NO_MATCH"}, "", whySkipd},
	{"dnssec-17", "ZM_DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY", "ERROR", "", nil, "", whySkipd},
	{"dnssec-17", "ZM_DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY", "ERROR", "", nil, "", whySkipd},
}

// RSTSkipped lists the Zonemaster test cases RST does not run
// (zonemaster-test-policies.yaml "skip").
var RSTSkipped = []string{
	"BASIC00", "BASIC01", "BASIC02", "BASIC03", "CONNECTIVITY04", "CONSISTENCY01", "DELEGATION06",
	"DNSSEC07", "DNSSEC11", "DNSSEC12", "DNSSEC15", "DNSSEC16", "DNSSEC17", "DNSSEC18",
	"NAMESERVER03", "NAMESERVER07", "NAMESERVER15", "SYNTAX01", "SYNTAX02", "SYNTAX03", "SYNTAX04", "SYNTAX08",
	"ZONE01", "ZONE02", "ZONE03", "ZONE04", "ZONE05", "ZONE06", "ZONE08", "ZONE09", "ZONE11",
}

// rstOverrides are RST's regradings of Zonemaster messages
// (zonemaster-test-policies.yaml "error_level_overrides").
var rstOverrides = map[string]Level{
	"A01_ADDR_NOT_GLOBALLY_REACHABLE": "CRITICAL", "A01_DOCUMENTATION_ADDR": "CRITICAL", "A01_LOCAL_USE_ADDR": "CRITICAL",
	"A01_NO_GLOBALLY_REACHABLE_ADDR": "CRITICAL", "DS03_NO_DNSSEC_SUPPORT": "CRITICAL", "DS05_SERVER_NO_DNSSEC": "CRITICAL",
	"A_UNEXPECTED_RCODE": "ERROR", "CHILD_NS_FAILED": "ERROR", "CHILD_ZONE_LAME": "ERROR",
	"CN01_MISSING_NS_RECORD_UDP": "ERROR", "CN01_MISSING_SOA_RECORD_UDP": "ERROR", "CN01_NO_RESPONSE_NS_QUERY_UDP": "ERROR",
	"CN01_NO_RESPONSE_SOA_QUERY_UDP": "ERROR", "CN01_NO_RESPONSE_UDP": "ERROR", "CN01_NS_RECORD_NOT_AA_UDP": "ERROR",
	"CN01_SOA_RECORD_NOT_AA_UDP": "ERROR", "CN01_UNEXPECTED_RCODE_NS_QUERY_UDP": "ERROR", "CN01_UNEXPECTED_RCODE_SOA_QUERY_UDP": "ERROR",
	"CN01_WRONG_NS_RECORD_UDP": "ERROR", "CN01_WRONG_SOA_RECORD_UDP": "ERROR", "CN02_MISSING_NS_RECORD_TCP": "ERROR",
	"CN02_MISSING_SOA_RECORD_TCP": "ERROR", "CN02_NO_RESPONSE_NS_QUERY_TCP": "ERROR", "CN02_NO_RESPONSE_SOA_QUERY_TCP": "ERROR",
	"CN02_NO_RESPONSE_TCP": "ERROR", "CN02_NS_RECORD_NOT_AA_TCP": "ERROR", "CN02_SOA_RECORD_NOT_AA_TCP": "ERROR",
	"CN02_UNEXPECTED_RCODE_NS_QUERY_TCP": "ERROR", "CN02_UNEXPECTED_RCODE_SOA_QUERY_TCP": "ERROR", "CN02_WRONG_NS_RECORD_TCP": "ERROR",
	"CN02_WRONG_SOA_RECORD_TCP": "ERROR", "DS01_DS_ALGO_2_MISSING": "ERROR", "DS02_DNSKEY_NOT_SEP": "ERROR",
	"DS02_NO_DNSKEY_FOR_DS": "ERROR", "DS02_NO_MATCHING_DNSKEY_RRSIG": "ERROR", "DS13_ALGO_NOT_SIGNED_DNSKEY": "ERROR",
	"DS13_ALGO_NOT_SIGNED_NS": "ERROR", "DS13_ALGO_NOT_SIGNED_SOA": "ERROR", "DS16_CDS_MATCHES_NON_SEP_DNSKEY": "ERROR",
	"DS16_CDS_MATCHES_NO_DNSKEY": "ERROR", "DS16_CDS_NOT_SIGNED_BY_CDS": "ERROR", "DS16_DNSKEY_NOT_SIGNED_BY_CDS": "ERROR",
	"DS17_CDNSKEY_IS_NON_SEP": "ERROR", "DS17_CDNSKEY_MATCHES_NO_DNSKEY": "ERROR", "DS17_CDNSKEY_NOT_SIGNED_BY_CDNSKEY": "ERROR",
	"DS17_DNSKEY_NOT_SIGNED_BY_CDNSKEY": "ERROR", "EXTRA_ADDRESS_CHILD": "ERROR", "IN_BAILIWICK_ADDR_MISMATCH": "ERROR",
	"IPV4_ONE_ASN": "ERROR", "IPV6_ONE_ASN": "ERROR", "MISSING_OPT_IN_TRUNCATED": "ERROR", "MULTIPLE_NS_SET": "ERROR",
	"MULTIPLE_SOA_MNAMES": "ERROR", "MULTIPLE_SOA_RNAMES": "ERROR", "MULTIPLE_SOA_SERIALS": "ERROR",
	"MULTIPLE_SOA_TIME_PARAMETER_SET": "ERROR", "N10_EDNS_RESPONSE_ERROR": "ERROR", "N10_NO_RESPONSE_EDNS1_QUERY": "ERROR",
	"N10_UNEXPECTED_RCODE": "ERROR", "N11_NO_EDNS": "ERROR", "N11_NO_RESPONSE": "ERROR", "N11_RETURNS_UNKNOWN_OPTION_CODE": "ERROR",
	"N11_UNEXPECTED_ANSWER_SECTION": "ERROR", "N11_UNEXPECTED_RCODE": "ERROR", "N11_UNSET_AA": "ERROR", "NO_EDNS_SUPPORT": "ERROR",
	"NO_IPV4_NS_CHILD": "ERROR", "NO_IPV4_NS_DEL": "ERROR", "NO_IPV6_NS_CHILD": "ERROR", "NO_IPV6_NS_DEL": "ERROR",
	"NO_RESPONSE": "ERROR", "NO_RESPONSE_DNSKEY": "ERROR", "NO_RESPONSE_NS_QUERY": "ERROR", "NO_RESPONSE_SOA_QUERY": "ERROR",
	"NO_SOA_IN_RESPONSE": "ERROR", "NS_ERROR": "ERROR", "OUT_OF_BAILIWICK_ADDR_MISMATCH": "ERROR", "REFERRAL_SIZE_TOO_LARGE": "ERROR",
	"RNAME_MAIL_DOMAIN_INVALID": "ERROR", "RNAME_MAIL_DOMAIN_LOCALHOST": "ERROR", "RNAME_MAIL_ILLEGAL_CNAME": "ERROR",
	"RNAME_RFC822_INVALID": "ERROR", "UNKNOWN_OPTION_CODE": "ERROR", "UNSUPPORTED_EDNS_VER": "ERROR", "WRONG_SOA": "ERROR",
	"Z_FLAGS_NOTCLEAR": "ERROR", "ALGORITHM_NOT_RECOMMENDED": "ERROR", "RNAME_MISUSED_AT_SIGN": "ERROR",
	"DIFFERENT_SOURCE_IP": "ERROR", "DS03_ILLEGAL_ITERATION_VALUE": "ERROR", "DS03_ILLEGAL_SALT_LENGTH": "ERROR",
}

// RSTSeverity returns the severity RST gives a Zonemaster message: its
// override when zonemaster-test-policies.yaml has one, else level, the
// engine's own grading.
func RSTSeverity(tag string, level Level) Level {
	if s, ok := rstOverrides[tag]; ok {
		return s
	}
	return level
}

// rstCase returns the RST test case of a Zonemaster test case
// ("ADDRESS01" → "dns-address01", "DNSSEC05" → "dnssec-05"), or "" for
// one RST skips.
func rstCase(testcase string) string {
	tc := strings.ToUpper(testcase)
	for _, s := range RSTSkipped {
		if s == tc {
			return ""
		}
	}
	if n, ok := strings.CutPrefix(tc, "DNSSEC"); ok && n != "" {
		return "dnssec-" + n
	}
	if len(tc) < 3 || tc[len(tc)-1] < '0' || tc[len(tc)-1] > '9' {
		return ""
	}
	return "dns-" + strings.ToLower(tc)
}

type rstKey struct{ check, tag, typ string }

var rstIndex = func() map[rstKey]string {
	m := make(map[rstKey]string)
	for _, c := range RSTCodes {
		if c.Check == "" || (c.Severity != LevelCritical && c.Severity != LevelError && c.Severity != LevelWarning) {
			continue
		}
		for _, t := range c.Tags {
			k := rstKey{c.Check, t, c.Type}
			if _, dup := m[k]; !dup {
				m[k] = c.Case + "/" + c.Code
			}
		}
	}
	return m
}()

// rstFor returns the RST case and code a finding corresponds to, or "".
// A row with an RR type wins over one without; the first row of the table
// wins among equals.
func rstFor(f *Finding) string {
	if s, ok := rstIndex[rstKey{f.Check, f.Tag, f.Type}]; ok && f.Type != "" {
		return s
	}
	if s, ok := rstIndex[rstKey{f.Check, f.Tag, ""}]; ok {
		return s
	}
	if f.Check == CheckChain && strings.HasPrefix(f.Tag, "ZONE_") {
		return rstIndex[rstKey{CheckChain, "ZONE_*", ""}]
	}
	return ""
}

// rstCodesSorted returns the table sorted by case, then code.
func rstCodesSorted() []RSTCode {
	out := append([]RSTCode(nil), RSTCodes...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Case != out[j].Case {
			return out[i].Case < out[j].Case
		}
		return out[i].Code < out[j].Code
	})
	return out
}
