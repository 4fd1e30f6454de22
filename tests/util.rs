//! Shared helpers for the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example plan in `inputs/`.
pub fn example_plan() -> PathBuf {
    root().join("inputs/huiji-2024.yaml")
}

/// Runs the real binary with `args`.
pub fn rectdoc(args: &[&str]) -> Output {
    english(&mut Command::new(env!("CARGO_BIN_EXE_rectdoc")))
        .args(args)
        .output()
        .expect("run rectdoc")
}

/// The number in attribute `name` of an XML start tag's text (`pdftotext -bbox-layout`
/// output: `word xMin="…" …`).
pub fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let at = tag.find(&key).expect("attribute") + key.len();
    tag[at..]
        .split('"')
        .next()
        .and_then(|v| v.parse().ok())
        .expect("a number")
}

#[derive(Debug, Clone)]
/// A word of `pdftotext -bbox-layout`: its page (from 0), box in points from the page's top
/// left, and text.
pub struct Word {
    pub page: usize,
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

/// Every word of a PDF with its page and box (points from the top left), and the page sizes.
pub fn pdf_words(pdf: &Path) -> (Vec<Word>, Vec<(f64, f64)>) {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", pdf.to_str().expect("utf-8"), "-"])
        .output()
        .expect("pdftotext runs");
    assert!(out.status.success());
    let html = String::from_utf8(out.stdout).expect("utf-8");
    let mut words = Vec::new();
    let mut pages = Vec::new();
    for piece in html.split('<').skip(1) {
        if piece.starts_with("page ") {
            pages.push((attr(piece, "width"), attr(piece, "height")));
        } else if let Some(rest) = piece.strip_prefix("word ") {
            let (tag, text) = rest.split_once('>').expect("a word element");
            words.push(Word {
                page: pages.len() - 1,
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: text
                    .replace("&amp;", "&")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'"),
            });
        }
    }
    (words, pages)
}

/// `words` with neighbours on one line closer than 4 pt joined: pdftotext splits a line at
/// the space the office suites (and the PDF) put where Chinese meets digits (3 pt at 4号),
/// while two cells' texts are at least their paddings apart.
pub fn join_spaced(words: &[Word]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for w in words {
        if let Some(last) = out.last_mut()
            && last.page == w.page
            && (last.y0 - w.y0).abs() < 1.0
            && w.x0 >= last.x1
            && w.x0 - last.x1 < 4.0
        {
            last.x1 = w.x1;
            last.text.push_str(&w.text);
            continue;
        }
        out.push(w.clone());
    }
    out
}

/// `words` top to bottom, each text line left to right: Latin glyphs' boxes start a little
/// higher than the CJK ones beside them (another face's ascent), so y alone would put digits
/// first.
pub fn reading_order(mut ws: Vec<&Word>) -> Vec<&Word> {
    ws.sort_by(|a, b| (a.y0, a.x0).partial_cmp(&(b.y0, b.x0)).expect("numbers"));
    let mut line_y = f64::NEG_INFINITY;
    let mut keyed: Vec<(f64, &Word)> = Vec::new();
    for w in ws {
        if w.y0 - line_y > 3.0 {
            line_y = w.y0;
        }
        keyed.push((line_y, w));
    }
    keyed.sort_by(|a, b| (a.0, a.1.x0).partial_cmp(&(b.0, b.1.x0)).expect("numbers"));
    keyed.into_iter().map(|(_, w)| w).collect()
}

/// A path as a command-line argument.
pub fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A temporary folder, removed when dropped, with shorthands for writing test inputs.
pub struct Dir(tempfile::TempDir);

impl Dir {
    pub fn new() -> Dir {
        Dir(tempfile::tempdir().expect("tempdir"))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    pub fn join(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// Writes `text` to `name` (folders created); returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.join(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&p, text).expect("write test input");
        p
    }
}

/// The real binary as a command to build up: `cmd().args(…).current_dir(…).run()`.
pub struct TestCommand(Command);

pub fn cmd() -> TestCommand {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rectdoc"));
    english(&mut c);
    TestCommand(c)
}

/// The tests read English messages whatever the locale of the machine running them.
pub fn english(c: &mut Command) -> &mut Command {
    c.env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
}

/// Runs the real binary with `args` under the locale `lang` (`LANG`, the other locale
/// variables unset).
pub fn rectdoc_lang(lang: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rectdoc"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .args(args)
        .output()
        .expect("run rectdoc")
}

impl TestCommand {
    pub fn args<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(mut self, a: I) -> Self {
        self.0.args(a);
        self
    }

    pub fn current_dir(mut self, d: &Path) -> Self {
        self.0.current_dir(d);
        self
    }

    pub fn run(mut self) -> Output {
        self.0.output().expect("run rectdoc")
    }
}

/// The column widths (twips, measured from the text unless the template gives them) of the
/// first table in a model dump (`--format model`).
pub fn table_columns(model: &Path) -> Vec<f64> {
    let dump = std::fs::read_to_string(model).expect("model dump");
    let list = dump
        .lines()
        .find_map(|l| l.trim().strip_prefix("table columns=["))
        .and_then(|l| l.split(']').next())
        .expect("a table with its columns");
    list.split(',')
        .map(|w| w.parse().expect("a width"))
        .collect()
}

/// The folder for a test's files kept for inspection: `target/test-out/NAME`.
pub fn out_dir(name: &str) -> PathBuf {
    let d = root().join("target/test-out").join(name);
    std::fs::create_dir_all(&d).expect("create test output folder");
    d
}

/// A fontconfig file mapping the office font names a DOCX carries onto the open faces the
/// PDF uses (as an office machine has them), so LibreOffice renders with the same styles.
/// Passed through `FONTCONFIG_FILE`: the system's configuration is not touched.
fn office_fonts_conf(dir: &Path) -> PathBuf {
    let alias = |from: &str, to: &str| {
        format!(
            "<match target=\"pattern\"><test name=\"family\"><string>{from}</string></test><edit name=\"family\" mode=\"assign\" binding=\"strong\"><string>{to}</string></edit><edit name=\"style\" mode=\"assign\" binding=\"strong\"><string>Regular</string></edit></match>"
        )
    };
    let conf = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig><include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include><cachedir>{}</cachedir>{}{}{}{}{}{}{}{}</fontconfig>",
        dir.join("fc-cache").display(),
        alias("仿宋_GB2312", "FandolFang"),
        alias("黑体", "FandolHei"),
        alias("楷体_GB2312", "FandolKai"),
        // the names of `docx_fonts: windows`
        alias("仿宋", "FandolFang"),
        alias("楷体", "FandolKai"),
        alias("宋体", "FandolSong"),
        alias("方正小标宋简体", "FandolSong"),
        // Times New Roman's metrics (the PDF's Latin face)
        alias("Times New Roman", "Liberation Serif"),
    );
    let path = dir.join("fonts.conf");
    std::fs::write(&path, conf).expect("write fonts.conf");
    path
}

/// Converts `files` with LibreOffice (`to`: `pdf`, `csv:…`) into `out`, with a profile of
/// its own (parallel tests do not collide) and the office font names mapped onto the open
/// faces; returns the converted files. The one LibreOffice runner of the tests.
pub fn libreoffice(files: &[PathBuf], to: &str, out: &Path) -> Vec<PathBuf> {
    let profile = out.join("lo-profile");
    let mut cmd = Command::new("soffice");
    cmd.env("FONTCONFIG_FILE", office_fonts_conf(out));
    let o = cmd
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(out)
        .args(files)
        .output()
        .expect("LibreOffice (soffice) runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ext = to.split(':').next().expect("an extension");
    files
        .iter()
        .map(|f| {
            let p = out.join(f.file_stem().expect("a name")).with_extension(ext);
            assert!(p.is_file(), "LibreOffice did not write {}", p.display());
            p
        })
        .collect()
}

/// The example's notice, plan and ledger in every format (DOCX, PDF, OFD, XLSX for the
/// documents with a table, the model dump), rendered once for every test that reads them.
pub fn example_outputs() -> &'static Path {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("example");
        let _ = std::fs::remove_dir_all(&dir);
        let o = rectdoc(&[
            "render",
            s(&example_plan()),
            "--doc",
            "all",
            "--format",
            "docx,pdf,ofd,xlsx,model",
            "-o",
            s(&dir),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        dir
    })
}

/// LibreOffice's PDF of the example's DOCX of `kind` (notice, plan, ledger), with the office
/// faces. The three are converted once, in one LibreOffice run, for every test that reads
/// them: LibreOffice is the slowest step of the tests, and three tests each converted the
/// same notice, plan and ledger.
pub fn example_in_libreoffice(kind: &str) -> PathBuf {
    const KINDS: [&str; 3] = ["notice", "plan", "ledger"];
    static PDFS: std::sync::OnceLock<Vec<PathBuf>> = std::sync::OnceLock::new();
    let pdfs = PDFS.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("example-libreoffice");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create folder");
        let docx: Vec<PathBuf> = KINDS
            .iter()
            .map(|k| example_outputs().join(format!("huiji-2024-{k}.docx")))
            .collect();
        libreoffice(&docx, "pdf", &dir)
    });
    let at = KINDS.iter().position(|k| *k == kind);
    pdfs[at.unwrap_or_else(|| panic!("no example {kind}"))].clone()
}

/// `docx` as a PDF rendered by LibreOffice, beside it.
pub fn libreoffice_pdf(docx: &Path) -> PathBuf {
    let dir = docx.parent().expect("a folder");
    libreoffice(&[docx.to_path_buf()], "pdf", dir).remove(0)
}

/// Builders of document-model pieces for tests that write a model directly.
pub mod model {
    use rectdoc::model::*;

    pub fn t(s: &str) -> Text {
        vec![Inline::plain(s)]
    }

    pub fn at(s: &str, origin: &str) -> Text {
        vec![Inline {
            origin: Origin::new(origin),
            ..Inline::plain(s)
        }]
    }

    pub fn para(s: &str) -> Block {
        Block::Paragraph(Paragraph {
            text: t(s),
            align: Align::Justify,
            indent: 2,
        })
    }

    pub fn heading(level: u8, number: &str, text: &str, run_in: &str) -> Block {
        Block::Heading(Heading {
            level,
            number: number.into(),
            text: t(text),
            run_in: if run_in.is_empty() { vec![] } else { t(run_in) },
        })
    }

    /// Body text without punctuation inside, so that every full line holds exactly 28 characters
    /// (no 禁则 adjustment can move a character).
    pub const FILLER: &str =
        "整改工作坚持问题导向目标导向结果导向逐项对照巡察反馈意见制定措施明确责任压实时限";
}

/// A batch of the plans in `input` into `out` as DOCX and PDF on two jobs: the run the
/// interruption tests stop midway.
pub fn batch_args<'a>(input: &'a Path, out: &'a Path) -> [&'a str; 8] {
    [
        "batch",
        s(input),
        "-o",
        s(out),
        "--format",
        "docx,pdf",
        "--jobs",
        "2",
    ]
}
