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

/** The filing application document, schema version 1. */
export interface FilingApplication {
  schema_version: 1;
  type_determination?: {
    region?: { province?: string; city?: string; district?: string };
    /** MIIT 单位性质 id: 1-16 (4 企业, 5 个人 ...). */
    subject_nature?: number | null;
    certificate_type?: string;
    certificate_number?: string;
    domain?: string;
  };
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
export function checkDomain(domain: string, options?: { field?: string }): DomainCheck;
export function checkCertificateNumber(
  certificateType: string,
  number: string,
  options?: DateOption & { nature?: number; province?: string; field?: string },
): Report;
export function catalogue(): RuleInfo[];
