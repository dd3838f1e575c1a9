//! Message templates per rule code, in zh-CN and en. `{name}` is replaced by the finding's
//! parameter of that name.

use std::collections::BTreeMap;

use crate::finding::{RuleCode, Severity};

pub(crate) struct Template {
    pub severity: Severity,
    pub zh_cn: &'static str,
    pub en: &'static str,
    pub source: &'static str,
}

const DOMAIN_SRC: &str = "icp-rules.md §3 (domain suffixes); MIIT 域名信息公示 domain.miit.gov.cn";
const DNS_SRC: &str = "RFC 1035 / RFC 5891 (IDNA): domain name syntax";
const REGION_SRC: &str = "icp-rules.md §8; GB/T 2260 administrative divisions (NBS 2023)";
const SUBJECT_SRC: &str = "icp-rules.md §4.4 (主办单位性质 and certificate types)";
const ID_SRC: &str = "icp-rules.md §4.1, §4.3 (GB 11643-1999 公民身份号码; permits and passports)";
const CONTACT_SRC: &str =
    "icp-rules.md §4.5 (phone numbers), §5 (SMS check: the 应急联系电话 never receives it)";
const FILING_NUMBER_SRC: &str = "icp-rules.md §5.1 (filing-number formats), §5 (province prefixes)";
const NAME_SRC: &str =
    "icp-rules.md §1 (site name rules N1-N8, P2-P5, U3-U5); word list data/site-name-words.tsv";
const SITES_SRC: &str =
    "icp-rules.md §2 (Hubei; 《互联网政务应用安全管理规定》), §3 (one domain per site)";
const UPLOAD_SRC: &str = "icp-rules.md §7 (formats and sizes); data/upload-rules.tsv";
const USCC_SRC: &str = "icp-rules.md §4.2 (GB 32100-2015 统一社会信用代码; GB 11714 组织机构代码)";

pub(crate) fn template(code: RuleCode) -> Template {
    use RuleCode::*;
    use Severity::*;
    let t = |severity, zh_cn, en, source| Template {
        severity,
        zh_cn,
        en,
        source,
    };
    match code {
        DomainRequired => t(Error, "请填写域名。", "Enter the domain name.", DNS_SRC),
        DomainTooLong => t(Error,
            "域名过长：最多 {max} 个字符。",
            "The domain name is too long: at most {max} characters.",
            DNS_SRC,
        ),
        DomainNotBare => t(Error,
            "只填写域名本身（如 {suggestion}），不要包含 http://、端口、路径或空格。",
            "Enter the domain name only (e.g. {suggestion}), without http://, a port, a path or spaces.",
            DNS_SRC,
        ),
        DomainInvalidCharacter => t(Error,
            "域名中不能有字符「{character}」：只能用字母、数字、连字符（-）、点（.）和中文。",
            "The character \"{character}\" cannot be used in a domain name: use letters, digits, hyphens (-), dots (.) or Chinese characters.",
            DNS_SRC,
        ),
        DomainEmptyLabel => t(Error,
            "域名中有连续的点，或以点开头。",
            "The domain name has two dots in a row or starts with a dot.",
            DNS_SRC,
        ),
        DomainLabelTooLong => t(Error,
            "域名中「{label}」这一段过长：每段最多 63 个字符。",
            "The part \"{label}\" is too long: each part of a domain name has at most 63 characters.",
            DNS_SRC,
        ),
        DomainLabelHyphen => t(Error,
            "域名中「{label}」这一段不能以连字符（-）开头或结尾。",
            "The part \"{label}\" cannot start or end with a hyphen (-).",
            DNS_SRC,
        ),
        DomainInvalid => t(Error,
            "这不是有效的域名，请检查拼写。",
            "This is not a valid domain name; check the spelling.",
            DNS_SRC,
        ),
        DomainNoSuffix => t(Error,
            "域名缺少后缀，例如 .cn 或 .com。",
            "The domain name has no suffix such as .cn or .com.",
            DNS_SRC,
        ),
        DomainIsSuffix => t(Error,
            "「{domain}」是域名后缀，请填写您注册的完整域名，例如 example.{domain}。",
            "\"{domain}\" is a suffix; enter the full domain you registered, e.g. example.{domain}.",
            DOMAIN_SRC,
        ),
        DomainSubdomain => t(Error,
            "备案针对主域名，子域名无需也不能单独备案：请填写 {registrable}。",
            "Filing is for the registered domain; sub-domains are covered by it and cannot be filed separately: enter {registrable}.",
            DOMAIN_SRC,
        ),
        DomainPossibleSubdomain => t(Warning,
            "这可能是子域名；备案应填写您注册的主域名。",
            "This may be a sub-domain; file the domain you registered.",
            DOMAIN_SRC,
        ),
        DomainSuffixFileable => t(Info,
            "后缀 .{suffix} 可以备案（数据截至 {as_of}）。",
            "The suffix .{suffix} can be filed (data as of {as_of}).",
            DOMAIN_SRC,
        ),
        DomainSuffixNeedsQualification => t(Warning,
            "后缀 .{suffix} 仅限特定单位使用（如政府机关、教育或科研机构），需提供相应资质。",
            "The suffix .{suffix} is reserved for certain bodies (government, education or research) and needs proof of that status.",
            DOMAIN_SRC,
        ),
        DomainSuffixNotFileable => t(Error,
            "后缀 .{suffix} 的域名不能在中国大陆备案，请换用 .cn、.com 等可备案后缀的域名。",
            "Domains under .{suffix} cannot be filed in mainland China; use a domain with a fileable suffix such as .cn or .com.",
            DOMAIN_SRC,
        ),
        DomainSuffixUnknown => t(Warning,
            "后缀 .{suffix} 不在我们截至 {as_of} 的可备案名单中，请在 domain.miit.gov.cn 确认后再提交。",
            "The suffix .{suffix} is not on our list of fileable suffixes (as of {as_of}); check domain.miit.gov.cn before submitting.",
            DOMAIN_SRC,
        ),
        RegionRequired => t(Error,
            "请选择主办单位所属区域（{level}）。",
            "Choose the region of the filing subject ({level}).",
            REGION_SRC,
        ),
        RegionUnknown => t(Error,
            "区划代码 {code} 不存在。",
            "There is no administrative division with code {code}.",
            REGION_SRC,
        ),
        RegionNotInParent => t(Error,
            "{name} 不属于所选的上级区域，请重新选择。",
            "{name} is not part of the region chosen above it; choose again.",
            REGION_SRC,
        ),
        SubjectNatureRequired => t(Error,
            "请选择主办单位性质。",
            "Choose the nature of the filing subject.",
            SUBJECT_SRC,
        ),
        SubjectNatureUnknown => t(Error,
            "主办单位性质 {nature} 不存在。",
            "There is no subject nature {nature}.",
            SUBJECT_SRC,
        ),
        CertificateTypeRequired => t(Error,
            "请选择主办单位证件类型。",
            "Choose the type of the subject's certificate.",
            SUBJECT_SRC,
        ),
        CertificateTypeNotAllowed => t(Error,
            "性质为「{nature}」的主办单位不能使用「{certificate}」备案。",
            "A subject of nature \"{nature_en}\" cannot file with \"{certificate_en}\".",
            SUBJECT_SRC,
        ),
        CertificateNumberRequired => t(Error,
            "请填写证件号码。",
            "Enter the certificate number.",
            SUBJECT_SRC,
        ),
        CertificateNumberTooLong => t(Error,
            "证件号码过长：最多 {max} 个字符。",
            "The certificate number is too long: at most {max} characters.",
            SUBJECT_SRC,
        ),
        CertificateNumberFormat => t(Error,
            "{document}号码格式不对：应为{shape}。",
            "This is not a valid {document_en} number: it has {shape_en}.",
            ID_SRC,
        ),
        CertificateChecksum => t(Error,
            "{document}号码的校验位不对，请逐位核对是否输错。",
            "The check character of this {document_en} number does not match: check each character for a typo.",
            ID_SRC,
        ),
        CertificateObsoleteId15 => t(Error,
            "15 位身份证号码已停止使用，请填写 18 位号码。",
            "15-digit ID numbers are no longer valid; enter the 18-character number.",
            ID_SRC,
        ),
        CertificateBirthDateInvalid => t(Error,
            "号码中的出生日期 {date} 不是有效日期，请核对。",
            "The birth date {date} in the number is not a valid date; check the number.",
            ID_SRC,
        ),
        CertificateUnknownRegion => t(Error,
            "号码开头的地区代码 {code} 不存在，请核对。",
            "The region code {code} at the start of the number does not exist; check the number.",
            ID_SRC,
        ),
        CertificateRegionMismatch => t(Warning,
            "证件号码显示的地区是{issued}，与所选的主办单位所属区域（{chosen}）不同。请确认区域选择无误；外省证件在部分省份需提供居住证等材料。",
            "The number was issued in {issued}, not in the region you chose ({chosen}). Check the region; some provinces ask for a residence permit for documents from another province.",
            ID_SRC,
        ),
        CertificateOrgCodeChecksum => t(Error,
            "统一社会信用代码第 9 至 17 位（组织机构代码）的校验位不对，请核对。",
            "Characters 9 to 17 of the credit code (the organisation code) fail their check; check the number.",
            USCC_SRC,
        ),
        CertificateUnusualCategory => t(Info,
            "统一社会信用代码以 {prefix} 开头，不在 GB 32100-2015 列出的类别中；请确认号码无误。",
            "The credit code starts with {prefix}, which is not a category listed in GB 32100-2015; make sure the number is right.",
            USCC_SRC,
        ),
        CertificateNatureMismatch => t(Warning,
            "统一社会信用代码以 {prefix} 开头，表示「{category}」，与所选的主办单位性质「{nature}」不符。",
            "The credit code starts with {prefix} ({category_en}), which does not match the subject nature you chose ({nature_en}).",
            USCC_SRC,
        ),
        ContactMobileFormat => t(
            Error,
            "手机号码应为 11 位，以 13 至 19 开头，例如 13800138000。",
            "A mobile number has 11 digits starting with 13 to 19, e.g. 13800138000.",
            CONTACT_SRC,
        ),
        ContactLandlineFormat => t(
            Error,
            "固定电话请按「086-区号-号码」填写，例如 086-010-12345678 或 086-0755-87654321。",
            "Write the landline as 086-area code-number, e.g. 086-010-12345678 or 086-0755-87654321.",
            CONTACT_SRC,
        ),
        ContactEmergencyFormat => t(
            Error,
            "应急联系电话应为手机号码或「086-区号-号码」格式的固定电话。",
            "The emergency phone must be a mobile number or a landline written 086-area code-number.",
            CONTACT_SRC,
        ),
        ContactEmergencySame => t(
            Error,
            "应急联系电话不能与本人的手机号码或固定电话相同，请填写另一个能联系到负责人的号码。",
            "The emergency phone must differ from this person's mobile and landline: give another number that reaches them.",
            CONTACT_SRC,
        ),
        ContactEmailFormat => t(
            Error,
            "电子邮箱格式不对，例如 name@example.com。",
            "This is not a valid email address, e.g. name@example.com.",
            CONTACT_SRC,
        ),
        FilingNumberFormat => t(
            Error,
            "备案号格式不对：应为「省份简称ICP备数字号」，网站备案号后加「-序号」，例如 粤ICP备12345678号-1。",
            "This is not an ICP filing number: it reads <province>ICP备<digits>号, with -<n> for a website, e.g. 粤ICP备12345678号-1.",
            FILING_NUMBER_SRC,
        ),
        FilingNumberProvince => t(
            Warning,
            "备案号以「{prefix}」开头，属于{issued}，与所选的主办单位所属区域（{chosen}）不同，请核对备案号或区域。",
            "The filing number starts with {prefix}, which is {issued}, not the region you chose ({chosen}); check the number or the region.",
            FILING_NUMBER_SRC,
        ),
        SiteNameInvalidCharacter => t(
            Error,
            "网站名称中不能有「{character}」：只能用汉字、字母、数字和 ( ) -。",
            "The site name cannot contain \"{character}\": use Chinese characters, letters, digits and ( ) - only.",
            NAME_SRC,
        ),
        SiteNameLooksLikeDomain => t(
            Error,
            "网站名称不能是域名，请用能说明网站内容的中文名称。",
            "The site name cannot be a domain name: use a Chinese name that says what the site is about.",
            NAME_SRC,
        ),
        SiteNameTooShort => t(
            Error,
            "网站名称至少 {min} 个字（汉字、字母或数字），建议 4 个汉字以上。",
            "The site name needs at least {min} characters (Chinese characters, letters or digits); 4 or more Chinese characters is safer.",
            NAME_SRC,
        ),
        SiteNameNotChinese => t(
            Error,
            "网站名称不能是纯英文或纯数字，请包含中文。",
            "The site name cannot be only English letters or digits: include Chinese characters.",
            NAME_SRC,
        ),
        SiteNameNationalWord => t(
            Error,
            "网站名称不能使用「{word}」（非国家级单位不能以其开头，个人网站不能包含）。",
            "The site name cannot use \"{word}\" (only national-level bodies may start a name with it; personal sites may not contain it).",
            NAME_SRC,
        ),
        SiteNameStateWord => t(
            Error,
            "网站名称不能包含国家职能或公共事务词「{word}」。",
            "The site name cannot contain the state-function word \"{word}\".",
            NAME_SRC,
        ),
        SiteNameSensitiveWord => t(
            Error,
            "网站名称不能包含敏感词「{word}」。",
            "The site name cannot contain the sensitive word \"{word}\".",
            NAME_SRC,
        ),
        SiteNameNeedsApproval => t(
            Warning,
            "网站名称含「{word}」，需要「{approval}」前置审批；请在前置审批中填写审批文号，否则请修改名称（个人无法取得前置审批）。",
            "The site name contains \"{word}\", which needs the {approval_en} pre-approval: enter its approval number, or change the name (individuals cannot obtain pre-approvals).",
            NAME_SRC,
        ),
        SiteNamePersonalBannedWord => t(
            Error,
            "个人网站名称不能包含「{word}」。",
            "A personal site name cannot contain \"{word}\".",
            NAME_SRC,
        ),
        SiteNamePersonalRiskyWord => t(
            Warning,
            "个人网站名称含「{word}」，常被管局驳回，建议改用说明个人内容的名称（如「某某的学习笔记」）。",
            "Personal site names with \"{word}\" are often refused; a name that describes personal content (e.g. \"X's study notes\") is safer.",
            NAME_SRC,
        ),
        SiteNamePersonalCompanyWord => t(
            Error,
            "个人网站名称不能像企业名称（含「{word}」）。",
            "A personal site cannot be named like a company (it contains \"{word}\").",
            NAME_SRC,
        ),
        SiteNameProvinceSuffix => t(
            Warning,
            "{province}管局要求企业网站名称为公司全称或简称加「{suffix}」，例如「某某有限公司{suffix}」。",
            "The {province} administration wants a company site named after the company followed by \"{suffix}\".",
            NAME_SRC,
        ),
        SiteNameDuplicate => t(
            Error,
            "{province}管局不允许同一主办单位的多个网站使用相同名称。",
            "In {province}, several sites of one filer may not share a name.",
            NAME_SRC,
        ),
        DomainDuplicate => t(
            Error,
            "域名 {domain} 已在本次备案的另一个网站中填写；一个域名只能对应一个网站。",
            "The domain {domain} is already on another site of this order: one domain belongs to one site.",
            SITES_SRC,
        ),
        DomainProvinceLimit => t(
            Error,
            "{province}管局每次只受理 {max} 个域名，其余域名请在本次备案通过后再提交。",
            "The {province} administration accepts {max} domain(s) per submission: file the others after this one is approved.",
            SITES_SRC,
        ),
        DomainNatureSuffix => t(
            Error,
            "主办单位性质为「{nature}」的网站应使用 {suffixes} 域名（《互联网政务应用安全管理规定》）。",
            "A subject of this nature must file a domain under {suffixes} (Regulations on the security of government internet applications).",
            SITES_SRC,
        ),
        DomainSuffixReserved => t(
            Error,
            "后缀 .{suffix} 仅限党政机关使用。",
            "The suffix .{suffix} is reserved for party and government bodies.",
            SITES_SRC,
        ),
        HomepageInvalid => t(
            Error,
            "首页地址应以 http:// 或 https:// 开头，例如 https://www.example.com/。",
            "The homepage address must start with http:// or https://, e.g. https://www.example.com/.",
            SITES_SRC,
        ),
        HomepageNotOnDomain => t(
            Error,
            "首页地址必须在本网站的域名 {domain} 下。",
            "The homepage must be on this site's domain, {domain}.",
            SITES_SRC,
        ),
        UploadUnknownKind => t(
            Error,
            "不认识的材料类型「{kind}」。",
            "Unknown kind of document \"{kind}\".",
            UPLOAD_SRC,
        ),
        UploadFileType => t(
            Error,
            "{document}请上传 JPG 或 PNG 图片（原件的彩色照片或扫描件）。",
            "Upload the {document_en} as a JPG or PNG image (a colour photo or scan of the original).",
            UPLOAD_SRC,
        ),
        UploadTooLarge => t(
            Error,
            "{document}文件超过 {max}，请压缩后再上传。",
            "The {document_en} file is over {max}: make it smaller and upload it again.",
            UPLOAD_SRC,
        ),
        UploadLarge => t(
            Warning,
            "文件超过 {safe}，部分服务商不接受，建议压缩。",
            "The file is over {safe}, which some providers refuse: consider making it smaller.",
            UPLOAD_SRC,
        ),
        UploadResolution => t(
            Warning,
            "图片只有 {width}×{height} 像素，可能看不清，建议至少 {min_width}×{min_height}。",
            "The image is only {width}x{height} pixels and may be unreadable: {min_width}x{min_height} or more is advised.",
            UPLOAD_SRC,
        ),
        UploadWebsite => t(
            Error,
            "这份材料对应的网站不存在。",
            "This document belongs to a website that is not in the order.",
            UPLOAD_SRC,
        ),
    }
}

/// Replaces each `{name}` with the parameter's value; unknown names stay as written.
pub(crate) fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match params.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_and_keeps_unknown() {
        let mut p = BTreeMap::new();
        p.insert("a".to_owned(), "甲".to_owned());
        assert_eq!(fill("x{a}y{b}z{", &p), "x甲y{b}z{");
    }
}
