//! The HTML report (`--format html`): one self-contained page (inline CSS and a small inline
//! script, no network, no external fonts): counts at the top, filters by rule and severity,
//! annex and body quotes side by side with the differing characters marked, printable.

use std::fmt::Write;

use crate::finding::{Finding, Severity, Side};
use crate::i18n::{self, Lang};
use crate::rules::RULES;
use crate::Outcome;

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --err: #b3261e; --warn: #8a5a00; --info: #1d5f8a; --mark: #ffe08a; --line: #d8d8d8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; color: #1c1c1c; background: #fff;
  font: 15px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 2rem 0 .25rem; word-break: break-all; }
.counts { display: flex; flex-wrap: wrap; gap: .75rem; margin-bottom: 1rem; }
.count { border: 1px solid var(--line); border-radius: 6px; padding: .4rem .9rem; min-width: 7rem; }
.count b { display: block; font-size: 1.6rem; line-height: 1.2; }
.count.error b { color: var(--err); } .count.warning b { color: var(--warn); }
.count.info b { color: var(--info); }
table.rules { border-collapse: collapse; margin-bottom: 1rem; }
table.rules td, table.rules th { border-bottom: 1px solid var(--line); padding: .2rem .8rem; text-align: left; }
table.rules td.n { text-align: right; }
.filters { position: sticky; top: 0; background: #fff; padding: .6rem 0; border-bottom: 1px solid var(--line);
  display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; z-index: 1; }
.filters label { white-space: nowrap; }
.summary { color: #555; margin: 0 0 .75rem; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px;
  margin: .75rem 0; padding: .6rem .9rem; break-inside: avoid; }
.finding.error { border-left-color: var(--err); } .finding.warning { border-left-color: var(--warn); }
.finding header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; }
.sev { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
.error .sev { color: var(--err); } .warning .sev { color: var(--warn); } .info .sev { color: var(--info); }
.rule { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem;
  background: #f2f2f2; border-radius: 4px; padding: 0 .3rem; }
.item { color: #555; font-size: .9rem; }
.message { font-weight: 600; flex-basis: 100%; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: .75rem; margin-top: .5rem; }
.side { background: #fafafa; border: 1px solid #ececec; border-radius: 4px; padding: .4rem .6rem; min-width: 0; }
.side.absent { color: #888; background: none; border-style: dashed; }
.side h3 { margin: 0; font-size: .8rem; font-weight: 600; color: #555; }
.loc { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .8rem; color: #555; word-break: break-all; }
.quote { margin: .2rem 0 0; font-size: 1.05rem; }
mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px; font-weight: 700; }
.hint { margin: .5rem 0 0; color: #444; }
.doc-error { color: var(--err); }
.none { color: #555; }
[hidden] { display: none !important; }
@media (max-width: 700px) { .sides { grid-template-columns: 1fr; } }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  .filters { display: none; }
  .finding { break-inside: avoid; page-break-inside: avoid; }
  mark { background: none; text-decoration: underline 2px; }
  .side { background: none; }
}
"#;

const SCRIPT: &str = r#"
(function () {
  var rule = document.getElementById('f-rule');
  var sevs = Array.prototype.slice.call(document.querySelectorAll('.f-sev'));
  var shown = document.getElementById('f-shown');
  var items = Array.prototype.slice.call(document.querySelectorAll('.finding'));
  function apply() {
    var on = {};
    sevs.forEach(function (c) { on[c.value] = c.checked; });
    var n = 0;
    items.forEach(function (f) {
      var ok = on[f.getAttribute('data-severity')] &&
        (rule.value === '' || rule.value === f.getAttribute('data-rule'));
      f.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }
  rule.addEventListener('change', apply);
  sevs.forEach(function (c) { c.addEventListener('change', apply); });
  apply();
  document.body.setAttribute('data-ready', 'yes');
})();
"#;

fn severity_class(s: Severity) -> &'static str {
    s.as_str()
}

fn quote(s: &Side) -> String {
    super::runs(&s.text, &s.highlight)
        .into_iter()
        .map(|(run, marked)| {
            if marked {
                format!("<mark>{}</mark>", escape(run))
            } else {
                escape(run)
            }
        })
        .collect()
}

fn side(out: &mut String, class: &str, label: &str, s: Option<&Side>, lang: Lang) {
    match s {
        None => {
            let _ = write!(
                out,
                "<div class=\"side {class} absent\"><h3>{}</h3><p class=\"quote\">—</p></div>",
                escape(label)
            );
        }
        Some(s) => {
            let _ = write!(
                out,
                "<div class=\"side {class}\"><h3>{}</h3><div class=\"loc\">{}</div><p class=\"quote\">{}</p></div>",
                escape(label),
                escape(&super::location(s, lang)),
                quote(s)
            );
        }
    }
}

fn finding(out: &mut String, id: usize, f: &Finding, lang: Lang) {
    let l = i18n::labels(lang);
    let sev = severity_class(f.severity);
    let _ = write!(
        out,
        "<article class=\"finding {sev}\" id=\"finding-{id}\" data-rule=\"{}\" data-severity=\"{sev}\">\
         <header><span class=\"sev\">{}</span><span class=\"rule\">{}</span>",
        escape(f.rule),
        escape(i18n::severity(f.severity, lang)),
        escape(f.rule),
    );
    if let Some(item) = &f.item {
        let _ = write!(
            out,
            "<span class=\"item\">{}</span>",
            escape(&i18n::item(item, lang))
        );
    }
    let _ = write!(
        out,
        "<span class=\"message\">{}</span></header><div class=\"sides\">",
        escape(&i18n::message(f, lang))
    );
    side(out, "annex", l.annex, f.annex.as_ref(), lang);
    side(out, "body", l.body, f.body.as_ref(), lang);
    out.push_str("</div>");
    if let Some(h) = i18n::hint(f, lang) {
        let _ = write!(
            out,
            "<p class=\"hint\"><b>{}</b>{}{}</p>",
            escape(l.hint),
            lang.pick(": ", "："),
            escape(&h)
        );
    }
    out.push_str("</article>\n");
}

/// Renders documents (checked or failed) as one self-contained HTML page.
/// The annex as hedui read it, folded under the findings, so an editor can see what was compared.
fn annex_as_read(out: &mut String, a: &crate::AnnexView, lang: Lang) {
    let zh = lang == Lang::Zh;
    let title = a
        .title
        .as_deref()
        .unwrap_or(if zh { "（无标题）" } else { "(no title)" });
    let total = a.total.map_or_else(
        || {
            if zh {
                "未写明".to_string()
            } else {
                "not stated".to_string()
            }
        },
        |t| t.to_string(),
    );
    let _ =
        write!(
        out,
        "<details class=\"annex-read\"><summary>{}</summary><p>{}</p><ol class=\"annex-items\">",
        escape(if zh { "hedui 读出的附件" } else { "The annex as hedui read it" }),
        escape(&if zh {
            format!(
                "{title}｜所称总数：{total}｜读出{}项｜版式：{}｜第{}–{}行",
                a.items.len(),
                a.layout,
                a.lines.0,
                a.lines.1
            )
        } else {
            format!(
                "{title} | stated total: {total} | {} items read | layout: {} | lines {}–{}",
                a.items.len(),
                a.layout,
                a.lines.0,
                a.lines.1
            )
        })
    );
    for it in &a.items {
        let figures: Vec<&str> = it.commitments.iter().map(|c| c.qty.as_str()).collect();
        let _ = write!(
            out,
            "<li value=\"{}\"><span class=\"line\">L{}</span> {} <span class=\"figures\">{}</span></li>",
            it.number,
            it.line,
            escape(&it.text),
            escape(&figures.join(" · "))
        );
    }
    out.push_str("</ol></details>\n");
}

pub fn render(outcomes: &[Outcome], lang: Lang) -> String {
    let l = i18n::labels(lang);
    let all: Vec<&Finding> = outcomes
        .iter()
        .flatten()
        .flat_map(|c| &c.findings)
        .collect();
    let [errors, warnings, info] = super::counts(all.iter().copied());
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"hedui {}\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        lang.tag(),
        env!("CARGO_PKG_VERSION"),
        escape(l.title),
        escape(l.title)
    );
    out.push_str("<section class=\"counts\" id=\"counts\">");
    for (class, n) in [("error", errors), ("warning", warnings), ("info", info)] {
        let sev = match class {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            _ => Severity::Info,
        };
        let _ = write!(
            out,
            "<div class=\"count {class}\" data-count=\"{n}\"><b>{n}</b>{}</div>",
            escape(i18n::severity(sev, lang))
        );
    }
    let docs = outcomes.len();
    let _ = writeln!(
        out,
        "<div class=\"count\" data-count=\"{docs}\"><b>{docs}</b>{}</div></section>",
        escape(l.documents)
    );
    // Rule → count.
    let _ = write!(
        out,
        "<table class=\"rules\"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(l.rule),
        escape(l.severity),
        escape(l.count)
    );
    let mut present = Vec::new();
    for r in RULES {
        let of_rule: Vec<&&Finding> = all.iter().filter(|f| f.rule == r.id).collect();
        if let Some(first) = of_rule.first() {
            present.push(r.id);
            let _ = write!(
                out,
                "<tr><td><span class=\"rule\">{}</span></td><td>{}</td><td class=\"n\">{}</td></tr>",
                escape(r.id),
                escape(i18n::severity(first.severity, lang)),
                of_rule.len()
            );
        }
    }
    let _ = writeln!(
        out,
        "<tr><th>{}</th><td></td><td class=\"n\"><b>{}</b></td></tr></tbody></table>",
        escape(l.total),
        all.len()
    );
    // Filters.
    let _ = write!(
        out,
        "<form class=\"filters\" onsubmit=\"return false\"><label>{} <select id=\"f-rule\"><option value=\"\">{}</option>",
        escape(l.rule),
        escape(l.all)
    );
    for id in &present {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", escape(id));
    }
    out.push_str("</select></label>");
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            out,
            "<label><input type=\"checkbox\" class=\"f-sev\" value=\"{}\" checked> {}</label>",
            sev.as_str(),
            escape(i18n::severity(sev, lang))
        );
    }
    let _ = writeln!(
        out,
        "<span><output id=\"f-shown\">{}</output> / {}</span></form>",
        all.len(),
        all.len()
    );
    let mut id = 0;
    for outcome in outcomes {
        match outcome {
            Err(f) => {
                let _ = writeln!(
                    out,
                    "<section class=\"document\"><h2>{}</h2><p class=\"doc-error\">{}</p></section>",
                    escape(&super::display_path(&f.path)),
                    escape(&f.error)
                );
            }
            Ok(c) => {
                let _ = writeln!(
                    out,
                    "<section class=\"document\"><h2>{}</h2><p class=\"summary\">{}</p>",
                    escape(&super::display_path(&c.path)),
                    escape(&super::summary(c, lang))
                );
                if c.findings.is_empty() {
                    let _ = write!(out, "<p class=\"none\">{}</p>", escape(l.no_findings));
                }
                for f in &c.findings {
                    id += 1;
                    finding(&mut out, id, f, lang);
                }
                annex_as_read(&mut out, &c.annex, lang);
                out.push_str("</section>\n");
            }
        }
    }
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
