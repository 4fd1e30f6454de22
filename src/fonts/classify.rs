//! What style a face is (仿宋, 宋体, 黑体, 楷体, 小标宋), told from its family names and the
//! open faces known by name, never from its glyphs; and what each role's resolved face means
//! for the document: the right style, another style (warned: the PDF looks wrong), or none.

use super::{FaceInfo, FontBook};
use crate::diag::Diagnostic;
use crate::model::FontRole;
use crate::style::Style;

/// The type style of a face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 小标宋: the heavy 宋体 of 公文 titles.
    XiaoBiaoSong,
    /// 仿宋.
    Fang,
    /// 宋体 / 明体 / Serif CJK.
    Song,
    /// 黑体 / Sans CJK.
    Hei,
    /// 楷体.
    Kai,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::XiaoBiaoSong => "小标宋",
            Kind::Fang => "仿宋",
            Kind::Song => "宋体",
            Kind::Hei => "黑体",
            Kind::Kai => "楷体",
        }
    }
}

/// Name fragments (lowercase, no spaces) per style, tried in this order: 仿宋 and 小标宋
/// before 宋, so that "FandolFang" and "方正小标宋" are not taken for 宋体.
const FRAGMENTS: &[(Kind, &[&str])] = &[
    (
        Kind::Fang,
        &["仿宋", "fangsong", "fandolfang", "fzfangsong", "stfangsong"],
    ),
    (Kind::XiaoBiaoSong, &["小标宋", "xiaobiaosong"]),
    (
        Kind::Kai,
        &[
            "楷",
            "kaiti",
            "fandolkai",
            "wenkai",
            "ukai",
            "zenkai",
            "stkaiti",
            "fzkai",
        ],
    ),
    (
        Kind::Hei,
        &[
            "黑",
            "hei",
            "sanscjk",
            "sanssc",
            "sanstc",
            "sanshc",
            "sansjp",
            "sanskr",
            "sourcehansans",
            "droidsansfallback",
            "雅黑",
            "yahei",
        ],
    ),
    (
        Kind::Song,
        &[
            "宋",
            "song",
            "simsun",
            "serifcjk",
            "serifsc",
            "seriftc",
            "sourcehanserif",
            "uming",
            "newsung",
            "ming",
            "明",
        ],
    ),
];

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The style of a face from its family and full names; `None` when no name says.
pub fn classify(face: &FaceInfo) -> Option<Kind> {
    let names: Vec<String> = face
        .families
        .iter()
        .chain(&face.full_names)
        .chain([&face.postscript_name])
        .map(|n| norm(n))
        .collect();
    FRAGMENTS
        .iter()
        .find(|(_, frags)| names.iter().any(|n| frags.iter().any(|f| n.contains(f))))
        .map(|(k, _)| *k)
}

/// The styles that serve a role as GB/T 9704 means it (a 宋体 face is an honest stand-in
/// for the title's 小标宋: same style, lighter).
pub fn wanted(role: FontRole) -> &'static [Kind] {
    match role {
        FontRole::Title => &[Kind::XiaoBiaoSong, Kind::Song],
        FontRole::Body => &[Kind::Fang],
        FontRole::Hei => &[Kind::Hei],
        FontRole::Kai => &[Kind::Kai],
        FontRole::Song => &[Kind::Song],
    }
}

/// The Debian/Ubuntu packages with an open face of the role's style.
pub fn packages(role: FontRole) -> &'static str {
    match role {
        FontRole::Title => {
            "fonts-noto-cjk (Noto Serif CJK SC Bold) or texlive-lang-chinese (FandolSong Bold)"
        }
        FontRole::Body => {
            "texlive-lang-chinese (FandolFang, the only open 仿宋; `.ci/run` copies just its fonts out)"
        }
        FontRole::Hei => {
            "fonts-noto-cjk (Noto Sans CJK SC), fonts-wqy-zenhei or texlive-lang-chinese (FandolHei)"
        }
        FontRole::Kai => "fonts-lxgw-wenkai, fonts-arphic-ukai or texlive-lang-chinese (FandolKai)",
        FontRole::Song => {
            "fonts-noto-cjk (Noto Serif CJK SC), fonts-arphic-uming or texlive-lang-chinese (FandolSong)"
        }
    }
}

/// How a role resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fit {
    /// A face of the role's style.
    Right,
    /// A face of another style (or one no name classifies): the PDF shows the wrong type.
    Other(Option<Kind>),
    /// No face of the chain is installed.
    Missing,
}

/// How `role` resolves in `book` with `style`'s chains, and the face used.
pub fn fit<'b>(book: &'b FontBook, style: &Style, role: FontRole) -> (Fit, Option<&'b FaceInfo>) {
    let res = book.resolve(style);
    let Some(&id) = res.chain(role).faces().first() else {
        return (Fit::Missing, None);
    };
    let face = book.face(id);
    let kind = classify(face);
    let fit = match kind {
        Some(k) if wanted(role).contains(&k) => Fit::Right,
        k => Fit::Other(k),
    };
    (fit, Some(face))
}

/// The error for a role no face serves: the packages that provide one, and that DOCX needs
/// none.
pub fn missing_role(role: FontRole, style: &Style) -> Diagnostic {
    Diagnostic::error(format!(
        "no font for the {} role: none of {} is installed",
        role.label(),
        style.pdf_chain(role).join(", ")
    ))
    .hint(format!(
        "on Debian/Ubuntu: apt install {}; or add a folder with --font-dir; `--format docx` needs no fonts (Word/WPS use the office's own)",
        packages(role)
    ))
}

/// Findings for a PDF run: an error per role without a face (naming the packages, and that
/// DOCX needs none), a warning per role set in a face of another style.
pub fn audit(book: &FontBook, style: &Style) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for role in FontRole::ALL {
        match fit(book, style, role) {
            (Fit::Right, _) => {}
            (Fit::Missing, _) => out.push(missing_role(role, style)),
            (Fit::Other(kind), Some(face)) => out.push(
                Diagnostic::warning(format!(
                    "the {} text is set in {}, {}: the PDF will not show {}",
                    role.label(),
                    face.display_name(),
                    match kind {
                        Some(k) => format!("a {}-style face", k.label()),
                        None => "a face of unknown style".to_string(),
                    },
                    wanted(role)[0].label()
                ))
                .hint(format!(
                    "install a {} face: {}",
                    wanted(role)[0].label(),
                    packages(role)
                )),
            ),
            (Fit::Other(_), None) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn face(families: &[&str]) -> FaceInfo {
        FaceInfo {
            path: PathBuf::new(),
            index: 0,
            families: families.iter().map(|s| s.to_string()).collect(),
            full_names: vec![],
            subfamily: "Regular".into(),
            postscript_name: String::new(),
        }
    }

    #[test]
    fn known_faces_by_name() {
        let k = |f: &[&str]| classify(&face(f));
        assert_eq!(k(&["FandolFang"]), Some(Kind::Fang));
        assert_eq!(k(&["仿宋_GB2312", "FangSong_GB2312"]), Some(Kind::Fang));
        assert_eq!(k(&["FandolSong"]), Some(Kind::Song));
        assert_eq!(k(&["Noto Serif CJK SC"]), Some(Kind::Song));
        assert_eq!(k(&["Source Han Serif SC", "思源宋体"]), Some(Kind::Song));
        assert_eq!(k(&["AR PL UMing CN"]), Some(Kind::Song));
        assert_eq!(k(&["Noto Sans CJK SC"]), Some(Kind::Hei));
        assert_eq!(k(&["WenQuanYi Zen Hei"]), Some(Kind::Hei));
        assert_eq!(k(&["FandolHei"]), Some(Kind::Hei));
        assert_eq!(k(&["LXGW WenKai"]), Some(Kind::Kai));
        assert_eq!(k(&["AR PL UKai CN"]), Some(Kind::Kai));
        assert_eq!(k(&["楷体_GB2312"]), Some(Kind::Kai));
        assert_eq!(
            k(&["方正小标宋简体", "FZXiaoBiaoSong-B05S"]),
            Some(Kind::XiaoBiaoSong)
        );
        assert_eq!(k(&["DejaVu Sans"]), None);
    }
}
