//! The page and type parameters of GB/T 9704-2012 as one value. Backends read every number
//! from here; nothing about sizes, margins or font names is written anywhere else.
//! `Style::default()` is the standard; a style file (YAML, `docs/style.md`) overrides any
//! part of it ([`Style::load`]), with every error located like a plan error.

use crate::diag::Diagnostic;
use crate::model::FontRole;
use crate::source::reader::{Reader, fields};
use crate::source::yaml::{self, YKind, YNode};
use crate::source::{self, FileKind};
use serde::Serialize;
use std::path::Path;

mod docx_fonts;
pub use docx_fonts::DocxFontSet;

pub const PT_PER_MM: f64 = 72.0 / 25.4;
pub const TWIPS_PER_PT: f64 = 20.0;

pub fn mm_to_pt(mm: f64) -> f64 {
    mm * PT_PER_MM
}

#[derive(Debug, Clone, Serialize)]
pub struct Style {
    pub page: Page,
    pub sizes: Sizes,
    /// Font names written into DOCX (the office's own fonts), per role.
    pub docx_fonts: RoleFonts,
    /// Families tried in order for PDF, per role: an office's fonts first, open faces after.
    pub pdf_fonts: FontChains,
    /// What happens to a closing mark that does not fit at a line end.
    pub punctuation: Punctuation,
    /// Which set of DOCX font names `docx_fonts` holds before `fonts.<role>.docx` overrides.
    pub docx_font_set: DocxFontSet,
}

/// How lines end on a closing mark (`style.yaml` key `punctuation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Punctuation {
    /// The office suites' zh-CN default (Word's 允许标点溢出边界, WPS, LibreOffice): one
    /// pausing mark hangs past the right edge; nothing is compressed; otherwise 禁则 pushes a
    /// character down.
    #[default]
    Hang,
    /// rectdoc's earlier rule: nothing passes the edge; a line's closing marks are squeezed
    /// (each by at most its blank half) when 禁则 needs it.
    Squeeze,
    /// Table cells (not a style choice): neither hung nor squeezed; 禁则 pushes a character
    /// down. LibreOffice hangs no mark past a cell's edge; the DOCX tells Word the same.
    Push,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// A4 portrait, mm.
    pub width_mm: f64,
    pub height_mm: f64,
    /// 天头 37, 订口 28; right and bottom follow from the text block (6, 5.2).
    pub top_mm: f64,
    pub left_mm: f64,
    pub right_mm: f64,
    pub bottom_mm: f64,
    /// 22 lines of 28 characters (5.2.3).
    pub lines: u32,
    pub chars: u32,
    /// Line pitch in twips: 579 = 28.95 pt, the largest whole-twip pitch for which 22 lines
    /// fit in 225 mm (580 gives 21 lines in LibreOffice).
    pub line_pitch_twips: u32,
    /// Character spacing on 3号 runs in DOCX, twips (-5 = -0.25 pt): 28 × 16 pt would be
    /// 158 mm, the text block is 156 mm.
    pub char_spacing_twips: i32,
    /// Page number: dashes 7 mm under the text block (7.5), one character in.
    pub page_number_gap_mm: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    /// 2号 22 pt.
    pub title: f64,
    /// 3号 16 pt.
    pub body: f64,
    /// 4号 14 pt: page numbers, 版记.
    pub page_number: f64,
    pub imprint: f64,
    /// 4号 for table cells by default.
    pub table: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoleFonts {
    pub title: String,
    pub body: String,
    pub hei: String,
    pub kai: String,
    pub song: String,
    /// Latin letters and digits in DOCX (ascii / hAnsi slots).
    pub latin: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FontChains {
    pub title: Vec<String>,
    pub body: Vec<String>,
    pub hei: Vec<String>,
    pub kai: Vec<String>,
    pub song: Vec<String>,
    /// Latin letters, digits and ASCII punctuation in every role: faces with the widths of
    /// the DOCX's Latin font (Times New Roman), so that lines break where Word breaks them.
    /// Tried before the role's chain for those characters; empty: the role's chain.
    pub latin: Vec<String>,
}

impl Default for Style {
    fn default() -> Style {
        let chain = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        Style {
            page: Page {
                width_mm: 210.0,
                height_mm: 297.0,
                top_mm: 37.0,
                left_mm: 28.0,
                right_mm: 26.0,
                bottom_mm: 35.0,
                lines: 22,
                chars: 28,
                line_pitch_twips: 579,
                char_spacing_twips: -5,
                page_number_gap_mm: 7.0,
            },
            sizes: Sizes {
                title: 22.0,
                body: 16.0,
                page_number: 14.0,
                imprint: 14.0,
                table: 14.0,
            },
            docx_fonts: RoleFonts::of(DocxFontSet::Gb2312),
            pdf_fonts: FontChains {
                title: chain(&[
                    "方正小标宋简体",
                    "FZXiaoBiaoSong-B05S",
                    "Noto Serif CJK SC Black",
                    "Noto Serif CJK SC Bold",
                    "Noto Serif CJK SC",
                    "FandolSong Bold",
                    "FandolSong",
                ]),
                body: chain(&[
                    "仿宋_GB2312",
                    "FangSong_GB2312",
                    "仿宋",
                    "FangSong",
                    "FandolFang",
                    "Noto Serif CJK SC",
                ]),
                hei: chain(&["黑体", "SimHei", "FandolHei", "Noto Sans CJK SC"]),
                kai: chain(&[
                    "楷体_GB2312",
                    "KaiTi_GB2312",
                    "楷体",
                    "KaiTi",
                    "FandolKai",
                    "LXGW WenKai",
                    "AR PL UKai CN",
                    "Noto Serif CJK SC",
                ]),
                song: chain(&["宋体", "SimSun", "FandolSong", "Noto Serif CJK SC"]),
                // Liberation Serif and TeX Gyre Termes have Times New Roman's advance widths.
                latin: chain(&["Times New Roman", "Liberation Serif", "TeX Gyre Termes"]),
            },
            punctuation: Punctuation::Hang,
            docx_font_set: DocxFontSet::Gb2312,
        }
    }
}

impl Style {
    /// The font name the DOCX gives `role`.
    pub fn docx_font(&self, role: FontRole) -> &str {
        let f = &self.docx_fonts;
        by_role(role, [&f.title, &f.body, &f.hei, &f.kai, &f.song])
    }

    /// The faces the PDF typesetter tries for `role`, first found first.
    pub fn pdf_chain(&self, role: FontRole) -> &[String] {
        let f = &self.pdf_fonts;
        by_role(role, [&f.title, &f.body, &f.hei, &f.kai, &f.song])
    }

    /// Line pitch in points (28.95).
    pub fn line_pitch_pt(&self) -> f64 {
        self.page.line_pitch_twips as f64 / TWIPS_PER_PT
    }

    /// Width of the text block in mm (156).
    pub fn block_width_mm(&self) -> f64 {
        self.page.width_mm - self.page.left_mm - self.page.right_mm
    }

    /// Height of the text block in mm (225).
    pub fn block_height_mm(&self) -> f64 {
        self.page.height_mm - self.page.top_mm - self.page.bottom_mm
    }

    /// One grid character in points (156 mm / 28 = 15.79 pt).
    pub fn char_pitch_pt(&self) -> f64 {
        mm_to_pt(self.block_width_mm()) / self.page.chars as f64
    }
}

/// Style files: a few KB.
const FILE: FileKind = FileKind {
    noun: "style file",
    max_bytes: 256 * 1024,
    typical: "a style file is a few KB",
    io_prefix: "the style file ",
};

const TOP_KEYS: &[&str] = &[
    "page",
    "margins",
    "grid",
    "sizes",
    "fonts",
    "punctuation",
    "docx_fonts",
];
const PAGE_KEYS: &[&str] = &["width", "height", "page-number-gap"];
const MARGIN_KEYS: &[&str] = &["top", "bottom", "left", "right"];
const GRID_KEYS: &[&str] = &["lines", "chars", "line-pitch", "char-spacing"];
const SIZE_KEYS: &[&str] = &["title", "body", "page-number", "imprint", "table"];
const ROLE_KEYS: &[&str] = &["title", "body", "hei", "kai", "song", "latin"];
const FONT_KEYS: &[&str] = &["docx", "pdf"];

/// The entries of a style map that are allowed there and set, with their key paths;
/// unknown keys are reported. `None` (reported) when the node is not a map.
fn map<'n>(
    r: &mut Reader,
    node: &'n YNode,
    path: &str,
    allowed: &[&str],
) -> Option<Vec<(&'n str, &'n YNode, String)>> {
    let f = fields(r, node, path, "a style", allowed)?;
    Some(
        f.entries
            .iter()
            .filter(|e| allowed.contains(&e.key.as_str()) && !e.value.is_null())
            .map(|e| (e.key.as_str(), &e.value, f.path(&e.key)))
            .collect(),
    )
}

/// A number in `min..=max`.
fn number(r: &mut Reader, node: &YNode, path: &str, min: f64, max: f64, unit: &str) -> Option<f64> {
    let v = match &node.kind {
        YKind::Scalar(s) => s.text.trim().parse::<f64>().ok().filter(|v| v.is_finite()),
        _ => None,
    };
    match v {
        Some(v) if (min..=max).contains(&v) => Some(v),
        Some(v) => {
            r.error(node.pos, path, format!("{v} is out of range")).hint =
                Some(format!("expected {min}–{max} {unit}"));
            None
        }
        None => {
            r.error(
                node.pos,
                path,
                format!("expected a number, found {}", node.describe()),
            )
            .hint = Some(format!("a number in {unit}, e.g. {max}"));
            None
        }
    }
}

fn whole(r: &mut Reader, node: &YNode, path: &str, min: i64, max: i64, unit: &str) -> Option<i64> {
    let v = number(r, node, path, min as f64, max as f64, unit)?;
    if v.fract() != 0.0 {
        r.error(node.pos, path, format!("{v} is not a whole number"));
        return None;
    }
    Some(v as i64)
}

fn font_name(r: &mut Reader, node: &YNode, path: &str) -> Option<String> {
    match &node.kind {
        YKind::Scalar(s) if !s.text.trim().is_empty() => Some(s.text.trim().to_string()),
        _ => {
            r.error(
                node.pos,
                path,
                format!("expected a font name, found {}", node.describe()),
            );
            None
        }
    }
}

/// A font chain: one name or a list of names.
fn chain(r: &mut Reader, node: &YNode, path: &str) -> Option<Vec<String>> {
    match &node.kind {
        YKind::Seq(items) if !items.is_empty() => {
            let mut out = vec![];
            for (i, it) in items.iter().enumerate() {
                out.push(font_name(r, it, &format!("{path}[{i}]"))?);
            }
            Some(out)
        }
        YKind::Seq(_) => {
            r.error(node.pos, path, "the font chain is empty").hint =
                Some("list at least one family name, e.g. [FandolFang]".into());
            None
        }
        _ => font_name(r, node, path).map(|t| vec![t]),
    }
}

impl Style {
    /// Reads a style file: the GB/T 9704 defaults, overridden by what the file sets.
    pub fn load(path: &Path) -> Result<Style, Vec<Diagnostic>> {
        let bytes = source::read_file(path, &FILE)?;
        let src = source::utf8(&bytes, path, &FILE).map_err(|d| vec![d])?;
        Style::from_yaml(src, path)
    }

    /// Parses style YAML; `file` names it in diagnostics. Every error of the file at once.
    pub fn from_yaml(src: &str, file: &Path) -> Result<Style, Vec<Diagnostic>> {
        let src = src.strip_prefix('\u{feff}').unwrap_or(src);
        let (root, soft) = yaml::parse(src).map_err(|e| {
            let mut d = Diagnostic::error(e.message).at(file, e.pos.line, e.pos.col);
            d.hint = e.hint;
            vec![d]
        })?;
        let mut r = Reader::new(file);
        r.diags = soft
            .into_iter()
            .map(|e| {
                let mut d = Diagnostic::error(e.message).at(file, e.pos.line, e.pos.col);
                d.hint = e.hint;
                d
            })
            .collect();
        let mut style = Style::default();
        if let Some(root) = root.filter(|r| !r.is_null()) {
            style.read(&mut r, &root);
        }
        if r.diags.is_empty() {
            Ok(style)
        } else {
            Err(r.diags)
        }
    }

    fn read(&mut self, r: &mut Reader, root: &YNode) {
        let Some(top) = map(r, root, "", TOP_KEYS) else {
            return;
        };
        // The name set first, wherever it stands: `fonts.<role>.docx` overrides it.
        for (_, node, path) in top.iter().filter(|(k, ..)| *k == "docx_fonts") {
            self.read_docx_font_set(r, node, path);
        }
        for (key, node, path) in top {
            match key {
                "docx_fonts" => {}
                "grid" => self.read_grid(r, node, &path),
                "fonts" => self.read_fonts(r, node, &path),
                "punctuation" => self.read_punctuation(r, node, &path),
                section => self.read_numbers(r, section, node, &path),
            }
        }
        // The text block must exist and hold the grid.
        let (w, h) = (self.block_width_mm(), self.block_height_mm());
        if w < 20.0 || h < 20.0 {
            r.error(
                root.pos,
                "margins",
                format!("the margins leave a text block of {w:.1} × {h:.1} mm"),
            )
            .hint = Some("the text block must be at least 20 mm each way".into());
        } else if self.page.lines as f64 * self.line_pitch_pt() > mm_to_pt(h) + 0.5 {
            r.error(
                root.pos,
                "grid",
                format!(
                    "{} lines at {} twips do not fit in the {h:.1} mm text block",
                    self.page.lines, self.page.line_pitch_twips
                ),
            )
            .hint = Some("lower grid.lines or grid.line-pitch, or the margins".into());
        }
    }

    /// The `page`, `margins` or `sizes` section: numbers, each in its range.
    fn read_numbers(&mut self, r: &mut Reader, section: &str, node: &YNode, path: &str) {
        let (keys, unit) = match section {
            "page" => (PAGE_KEYS, "mm"),
            "margins" => (MARGIN_KEYS, "mm"),
            _ => (SIZE_KEYS, "pt"),
        };
        for (key, v, p) in map(r, node, path, keys).unwrap_or_default() {
            let (min, max) = match (section, key) {
                ("page", "page-number-gap") => (0.0, 50.0),
                ("page", _) => (50.0, 2000.0),
                ("margins", _) => (0.0, 500.0),
                _ => (4.0, 100.0),
            };
            if let Some(x) = number(r, v, &p, min, max, unit) {
                *number_slot(self, section, key) = x;
            }
        }
    }

    fn read_punctuation(&mut self, r: &mut Reader, node: &YNode, path: &str) {
        match &node.kind {
            YKind::Scalar(s) if s.text.trim() == "hang" => self.punctuation = Punctuation::Hang,
            YKind::Scalar(s) if s.text.trim() == "squeeze" => {
                self.punctuation = Punctuation::Squeeze
            }
            _ => {
                r.error(
                    node.pos,
                    path,
                    format!("expected `hang` or `squeeze`, found {}", node.describe()),
                )
                .hint = Some(
                    "hang: a pausing mark may pass the right edge, as Word and WPS set it; squeeze: closing marks are squeezed into the line instead".into(),
                );
            }
        }
    }

    fn read_grid(&mut self, r: &mut Reader, node: &YNode, path: &str) {
        for (key, v, p) in map(r, node, path, GRID_KEYS).unwrap_or_default() {
            match key {
                "lines" => {
                    if let Some(x) = whole(r, v, &p, 1, 200, "lines") {
                        self.page.lines = x as u32;
                    }
                }
                "chars" => {
                    if let Some(x) = whole(r, v, &p, 1, 200, "characters") {
                        self.page.chars = x as u32;
                    }
                }
                "line-pitch" => {
                    if let Some(x) = whole(r, v, &p, 100, 5000, "twips (1/20 pt)") {
                        self.page.line_pitch_twips = x as u32;
                    }
                }
                _ => {
                    if let Some(x) = whole(r, v, &p, -200, 200, "twips (1/20 pt)") {
                        self.page.char_spacing_twips = x as i32;
                    }
                }
            }
        }
    }

    fn read_fonts(&mut self, r: &mut Reader, node: &YNode, path: &str) {
        for (role, v, p) in map(r, node, path, ROLE_KEYS).unwrap_or_default() {
            for (which, f, fp) in map(r, v, &p, FONT_KEYS).unwrap_or_default() {
                if which == "docx" {
                    let Some(name) = font_name(r, f, &fp) else {
                        continue;
                    };
                    let d = &mut self.docx_fonts;
                    *match FontRole::from_key(role) {
                        Some(role) => by_role(
                            role,
                            [
                                &mut d.title,
                                &mut d.body,
                                &mut d.hei,
                                &mut d.kai,
                                &mut d.song,
                            ],
                        ),
                        None => &mut d.latin,
                    } = name;
                } else if role == "latin" {
                    if let Some(c) = chain(r, f, &fp) {
                        self.pdf_fonts.latin = c;
                    }
                } else if let (Some(chain), Some(role)) =
                    (chain(r, f, &fp), FontRole::from_key(role))
                {
                    let c = &mut self.pdf_fonts;
                    *by_role(
                        role,
                        [
                            &mut c.title,
                            &mut c.body,
                            &mut c.hei,
                            &mut c.kai,
                            &mut c.song,
                        ],
                    ) = chain;
                }
            }
        }
    }

    /// This style as a style file, every key written, with comments (what `rectdoc init`
    /// writes; loading it gives this style back).
    pub fn to_yaml(&self) -> String {
        let p = &self.page;
        let s = &self.sizes;
        let q = |v: &str| format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""));
        let chain = |c: &[String]| c.iter().map(|n| q(n)).collect::<Vec<_>>().join(", ");
        let mut out = String::from(
            "# rectdoc style file: page, grid, type sizes and fonts (docs/style.md).\n\
             # These are the GB/T 9704-2012 defaults; delete a key to keep its default.\n\
             # Lengths in mm, type sizes in pt, grid pitch and spacing in twips (1/20 pt).\n",
        );
        out.push_str(&format!(
            "page:\n  width: {}\n  height: {}\n  page-number-gap: {}   # page number under the text block\n",
            p.width_mm, p.height_mm, p.page_number_gap_mm
        ));
        out.push_str(&format!(
            "margins:\n  top: {}\n  bottom: {}\n  left: {}\n  right: {}\n",
            p.top_mm, p.bottom_mm, p.left_mm, p.right_mm
        ));
        out.push_str(&format!(
            "grid:\n  lines: {}          # lines per page\n  chars: {}          # characters per line\n  line-pitch: {}    # twips; 579 = 28.95 pt\n  char-spacing: {}   # twips, on body-size runs in DOCX\n",
            p.lines, p.chars, p.line_pitch_twips, p.char_spacing_twips
        ));
        out.push_str(&format!(
            "sizes:\n  title: {}          # 2号\n  body: {}           # 3号\n  page-number: {}    # 4号\n  imprint: {}\n  table: {}\n",
            s.title, s.body, s.page_number, s.imprint, s.table
        ));
        out.push_str(&format!(
            "# DOCX font names: gb2312 (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体) or windows (仿宋, 楷体,\n# 宋体, 黑体: on every Chinese Windows). fonts.<role>.docx below overrides a name.\ndocx_fonts: {}\n",
            self.docx_font_set.key()
        ));
        out.push_str("# Per role: the font name written into DOCX, and the PDF fallback chain (first found wins,\n# per character).\nfonts:\n");
        for role in FontRole::ALL {
            let key = role.key();
            out.push_str(&format!(
                "  {key}:\n    docx: {}\n    pdf: [{}]\n",
                q(self.docx_font(role)),
                chain(self.pdf_chain(role))
            ));
        }
        out.push_str(&format!(
            "  latin:\n    docx: {}\n    pdf: [{}]\n",
            q(&self.docx_fonts.latin),
            chain(&self.pdf_fonts.latin)
        ));
        out
    }
}

/// The one of `fields` (in the order title, body, hei, kai, song) that belongs to `role`.
fn by_role<T>(role: FontRole, [title, body, hei, kai, song]: [T; 5]) -> T {
    match role {
        FontRole::Title => title,
        FontRole::Body => body,
        FontRole::Hei => hei,
        FontRole::Kai => kai,
        FontRole::Song => song,
    }
}

/// The number a key of the `page`, `margins` or `sizes` section sets.
fn number_slot<'s>(s: &'s mut Style, section: &str, key: &str) -> &'s mut f64 {
    match (section, key) {
        ("page", "width") => &mut s.page.width_mm,
        ("page", "height") => &mut s.page.height_mm,
        ("page", _) => &mut s.page.page_number_gap_mm,
        ("margins", "top") => &mut s.page.top_mm,
        ("margins", "bottom") => &mut s.page.bottom_mm,
        ("margins", "left") => &mut s.page.left_mm,
        ("margins", _) => &mut s.page.right_mm,
        (_, "title") => &mut s.sizes.title,
        (_, "body") => &mut s.sizes.body,
        (_, "page-number") => &mut s.sizes.page_number,
        (_, "imprint") => &mut s.sizes.imprint,
        _ => &mut s.sizes.table,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<Style, Vec<String>> {
        Style::from_yaml(src, Path::new("s.yaml"))
            .map_err(|e| e.iter().map(Diagnostic::brief).collect())
    }

    #[test]
    fn the_written_defaults_load_back_unchanged() {
        let d = Style::default();
        let s = load(&d.to_yaml()).unwrap();
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::to_value(&d).unwrap()
        );
        // An empty file is the default too.
        assert!(load("").is_ok());
    }

    #[test]
    fn a_style_overrides_what_it_sets() {
        let s = load("margins: {left: 30}\nsizes: {body: 15}\nfonts:\n  body: {pdf: FandolFang, docx: 仿宋}\n")
            .unwrap();
        assert_eq!(s.page.left_mm, 30.0);
        assert_eq!(s.page.top_mm, 37.0);
        assert_eq!(s.sizes.body, 15.0);
        assert_eq!(s.pdf_fonts.body, ["FandolFang"]);
        assert_eq!(s.docx_fonts.body, "仿宋");
    }

    #[test]
    fn punctuation_is_hang_by_default_and_squeeze_on_request() {
        assert_eq!(Style::default().punctuation, Punctuation::Hang);
        let s = load("punctuation: squeeze\n").expect("a valid style");
        assert_eq!(s.punctuation, Punctuation::Squeeze);
        let e = load("punctuation: tight\n").unwrap_err();
        assert!(e[0].contains("expected `hang` or `squeeze`"), "{e:?}");
        assert!(e[0].contains("[punctuation]"), "{e:?}");
    }

    #[test]
    fn errors_are_located_with_key_paths() {
        let e = load("page:\n  widht: 200\nsizes:\n  body: big\ngrid: {lines: 2.5}\n").unwrap_err();
        assert_eq!(
            e,
            [
                "2:3 unknown key `widht` in a style [page.widht]",
                "4:9 expected a number, found `big` [sizes.body]",
                "5:15 2.5 is not a whole number [grid.lines]",
            ]
        );
        let e = load("margins: {left: 100, right: 100}\n").unwrap_err();
        assert!(e[0].contains("text block"), "{e:?}");
        let e = load("fonts: {body: {pdf: []}}\n").unwrap_err();
        assert!(e[0].contains("fonts.body.pdf"), "{e:?}");
    }

    #[test]
    fn default_is_the_standard_text_block() {
        let s = Style::default();
        assert!((s.block_width_mm() - 156.0).abs() < 1e-9);
        assert!((s.block_height_mm() - 225.0).abs() < 1e-9);
        // 22 lines at the pitch fit in the block; one twip more would not.
        let block_twips = mm_to_pt(225.0) * TWIPS_PER_PT;
        assert!(22.0 * s.page.line_pitch_twips as f64 <= block_twips);
        assert!(22.0 * (s.page.line_pitch_twips + 1) as f64 > block_twips);
    }
}
