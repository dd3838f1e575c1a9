// Types for @beian/rules. The shapes match the Rust types in crates/beian-rules and the JSON
// Schema in docs/filing-draft.schema.json.

export type Severity = 'info' | 'warning' | 'error';

export interface Message {
  'zh-CN': string;
  en: string;
}

/** One thing a rule found about one field. `code` is stable (e.g. "domain.subdomain"). */
export interface Finding {
  field: string;
  code: string;
  severity: Severity;
  message: Message;
  params?: Record<string, string>;
  source: string;
}

export interface Report {
  /** No finding of severity "error". */
  valid: boolean;
  errors: number;
  warnings: number;
  findings: Finding[];
}

export type SuffixClass = 'fileable' | 'needs_qualification' | 'not_fileable' | 'unknown';

export interface NormalizedDomain {
  /** Registrable domain in A-labels, e.g. "xn--fsqu00a.xn--fiqs8s". */
  ascii: string;
  /** The same in U-labels, e.g. "例子.中国". */
  unicode: string;
  /** The suffix it is registered under, in A-labels, e.g. "com.cn". */
  suffix: string;
  suffix_class: SuffixClass;
}

export interface DomainCheck {
  /** Present when the input is a syntactically valid domain. */
  normalized: NormalizedDomain | null;
  findings: Finding[];
}

export interface RuleInfo {
  code: string;
  severity: Severity;
  fields: string[];
  /** Templates: "{name}" stands for the finding's parameter of that name. */
  message: Message;
  source: string;
}

/** A responsible person: 主体负责人 or 网站负责人. */
export interface Person {
  name?: string;
  certificate_type?: string;
  certificate_number?: string;
  mobile?: string;
  /** 联系方式2: 086-<area code>-<number>. */
  phone2?: string;
  emergency_phone?: string;
  email?: string;
}

export type FilingType =
  | 'first_filing' | 'access_new' | 'access_continue' | 'new_site_elsewhere' | 'new_site_here'
  | 'change_subject' | 'change_website' | 'change_access' | 'cancel_subject' | 'cancel_website'
  | 'cancel_access' | 'claim';

export type PriorFiling = 'not_filed' | 'here' | 'elsewhere';

/**
 * The filing application document, schema version 1 (docs/filing-draft.schema.json in the
 * beian repository). Every part is optional while it is a draft; unknown fields are refused.
 */
export interface FilingApplication {
  schema_version: 1;
  filing_type?: FilingType | null;
  /**
   * Earlier successful filings of the subject and of the domain: 'not_filed', 'here' (with this
   * provider) or 'elsewhere'. With both answered, the rules explain the filing type they call for
   * (codes `filing_type.*`) and flag a chosen type that does not fit (`filing_type.mismatch`).
   */
  prior_filings?: { subject?: PriorFiling | null; domain?: PriorFiling | null };
  product?: { kind?: 'instance' | 'service_number' | null; instance_id?: string; service_number?: string };
  existing_filing?: { icp_number?: string; password?: string };
  subject?: {
    region?: { province?: string; city?: string; district?: string };
    /** MIIT 单位性质 id: 1-16 (4 企业, 5 个人 ...). */
    nature?: number | null;
    certificate_type?: string;
    certificate_number?: string;
    name?: string;
    certificate_address?: string;
    mailing_address?: string;
    investor?: string;
    /** 主体备注. */
    remark?: string;
  };
  subject_owner?: Person;
  websites?: Array<{
    name?: string;
    domain?: string;
    homepage_url?: string;
    service_content?: string[];
    languages?: string[];
    approvals?: Array<{ kind?: string; number?: string }>;
    remark?: string;
    /** 公安联网备案号, for a site already open. */
    police_number?: string;
    owner?: Person;
  }>;
  uploads?: Array<{ /** The server's id of the stored file. */ id?: string; kind?: string; mime?: string; bytes?: number; width?: number; height?: number; website?: number | null }>;
  declarations?: { information_true?: boolean };
}

/** One reading of the start of an address (GB/T 2260 codes and names). */
export interface AddressReading {
  province: string;
  province_name: string;
  city: string | null;
  city_name: string | null;
  county: string | null;
  county_name: string | null;
  /** How many characters of the address the place names take. */
  chars: number;
}

export interface DateOption {
  /** YYYY-MM-DD; default: today in China. */
  today?: string;
}

export class BeianRulesError extends Error {
  /** "not_initialized", "invalid_document", "unsupported_schema_version", "bad_date", "unknown_certificate_type". */
  readonly code: string;
}

/** Loads the WebAssembly module once. Without an argument it loads dist/beian_rules_bg.wasm next to the module. */
export function init(source?: BufferSource | URL | string | Response | WebAssembly.Module): Promise<void>;
export function chinaToday(now?: Date): string;
export function validateApplication(application: FilingApplication | string, options?: DateOption): Report;
/** The findings about one field (or everything under a path such as `websites[0]`), in the context of the whole application. */
export function validateField(application: FilingApplication | string, field: string, options?: DateOption): Report;
/** Where the start of a Chinese address lies: every reading, best first; empty when it names no place. */
export function locateAddress(address: string): AddressReading[];
export function checkDomain(domain: string, options?: { field?: string }): DomainCheck;
export function checkCertificateNumber(
  certificateType: string,
  number: string,
  options?: DateOption & { nature?: number; province?: string; field?: string },
): Report;
export function catalogue(): RuleInfo[];
