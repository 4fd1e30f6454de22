//! The document model: what a 公文 is made of, independent of how it is laid out or stored.
//!
//! Templates produce it (`template`), the PDF typesetter lays it out (`layout`), the DOCX
//! backend hands it to Word (`export::docx`). It holds no fonts, no measures in points and no
//! file formats: only structure, text and the GB/T 9704 element each piece of text is. Every
//! piece of text carries an [`Origin`], the key path in the plan it came from, so that a later
//! stage (a glyph missing from every font, a table cell that cannot fit) can point back at the
//! plan.

pub use crate::date::Date;
use serde::Serialize;

/// Where a piece of the document came from: a key path in the plan
/// (`problems[0].items[3].measures[1]`), or empty for text the template wrote itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Origin(pub String);

impl Origin {
    pub fn new(path: impl Into<String>) -> Origin {
        Origin(path.into())
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The document kind it was rendered as (`notice`, `plan`, `ledger`, a custom kind).
    pub kind: String,
    pub meta: Metadata,
    /// Orientation of the main text. Attachments may choose their own.
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
    /// Names a line break must not split (the plan's unit, inspection body, group, round),
    /// for the title balancer; set by the pipeline from the plan, empty otherwise.
    #[serde(skip)]
    pub words: Vec<String>,
}

/// Document properties (DOCX core properties, PDF Info). Never the clock: `date` comes from
/// the plan.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metadata {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    /// Creation and modification date (checked where the markup is read).
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

/// The typefaces of GB/T 9704 7.3, by the job they do. The style maps each to font names
/// (DOCX) and a fallback chain of faces (PDF).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FontRole {
    /// 小标宋: the title.
    Title,
    /// 仿宋: body text, level 3 and 4 headings, 版记.
    #[default]
    Body,
    /// 黑体: level 1 headings, table header rows, 附件 labels.
    Hei,
    /// 楷体: level 2 headings.
    Kai,
    /// 宋体: page numbers.
    Song,
}

impl FontRole {
    /// Every role, in a fixed order.
    pub const ALL: [FontRole; 5] = [
        FontRole::Title,
        FontRole::Body,
        FontRole::Hei,
        FontRole::Kai,
        FontRole::Song,
    ];

    /// The role's key in a style file and in markup (`role="hei"`).
    pub fn key(self) -> &'static str {
        match self {
            FontRole::Title => "title",
            FontRole::Body => "body",
            FontRole::Hei => "hei",
            FontRole::Kai => "kai",
            FontRole::Song => "song",
        }
    }

    /// The role of a key (`hei`).
    pub fn from_key(key: &str) -> Option<FontRole> {
        FontRole::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The role for messages: its key and the face it stands for.
    pub fn label(self) -> &'static str {
        match self {
            FontRole::Title => "title (小标宋)",
            FontRole::Body => "body (仿宋)",
            FontRole::Hei => "hei (黑体)",
            FontRole::Kai => "kai (楷体)",
            FontRole::Song => "song (宋体)",
        }
    }
}

/// A run of text in one face.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inline {
    pub text: String,
    /// `None`: the face of the enclosing element (body for paragraphs, the level's face for
    /// a heading's number and title).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<FontRole>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub bold: bool,
    #[serde(skip_serializing_if = "Origin::is_empty")]
    pub origin: Origin,
}

impl Inline {
    pub fn plain(text: impl Into<String>) -> Inline {
        Inline {
            text: text.into(),
            role: None,
            bold: false,
            origin: Origin::default(),
        }
    }
}

/// Text of a paragraph or cell: runs in order.
pub type Text = Vec<Inline>;

/// The plain text of runs, concatenated.
/// GB/T 9704 7.3.3: one blank line under the title block (before the recipients, or the text
/// when there are none). The one rule for the PDF's layout and the DOCX's empty paragraph.
pub fn blank_after_title(prev: Option<&Block>, next: &Block) -> bool {
    let is_title = |b: &Block| matches!(b, Block::Title { .. } | Block::Subtitle { .. });
    prev.is_some_and(is_title) && !is_title(next)
}

pub fn plain_text(runs: &[Inline]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Justified on the grid, first line indented two characters (the body default).
    #[default]
    Justify,
    Left,
    Center,
    Right,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// 版头 (7.2) of a document issued as a 文件: 份号, 密级, 紧急程度, the red 发文机关标志,
    /// 发文字号 (and 签发人 for 上行文) and the red rule. First on the first page.
    Masthead(Masthead),
    /// 标题: 2号小标宋, centred. `lines` holds explicit line breaks the template asked for;
    /// a single entry lets the typesetter balance the lines itself.
    Title {
        lines: Vec<Text>,
    },
    /// e.g. （社会公开稿）, centred under the title in the body face.
    Subtitle {
        text: Text,
    },
    /// 主送机关: one blank line under the title, flush left, ends with ：.
    Recipients {
        text: Text,
    },
    /// 一、 / （一） / 1. / （1）. `number` is the printed number including its punctuation
    /// (`一、`, `（一）`, `1.`, `（1）`). `text` is the heading in the level's face; `run_in`
    /// is body text that follows on the same paragraph (levels 3–4 usually, level 2 in
    /// some notices); empty for a heading that stands alone.
    Heading(Heading),
    Paragraph(Paragraph),
    /// 一是……；二是……: `lead` (e.g. 整改情况：) then the items, each with its printed
    /// marker (`一是`). `inline`: all in one paragraph after the lead; otherwise the lead is a
    /// paragraph of its own and every item starts a paragraph.
    MeasureList(MeasureList),
    Table(Table),
    /// 附件说明: `附件：` and the names (`附件：1.××` aligned when several).
    AttachmentNote {
        items: Vec<Text>,
    },
    /// 发文机关署名 and 成文日期 (7.3.5).
    Signature(Signature),
    /// 附注: （此件公开发布）, indented two characters, under the date.
    Note {
        text: Text,
    },
    /// 版记 (7.4): at the foot of the last page of the main text.
    Imprint(Imprint),
    /// Start a new page.
    PageBreak,
    /// An empty body line (空一行).
    BlankLine,
    /// 附件: starts on a new page; `label` (附件 / 附件1) in 黑体 flush left on the first
    /// line, `title` centred on the third line, then the blocks.
    Attachment(Attachment),
}

/// 版头 (GB/T 9704 7.2). Every part is optional except the organ mark.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Masthead {
    /// 份号: six digits, top left on the first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_no: Option<String>,
    /// 密级和保密期限 (机密★1年), 黑体, top left under the 份号.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrecy: Option<String>,
    /// 紧急程度 (特急, 加急), 黑体, top left under them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub urgency: Option<String>,
    /// 发文机关标志, one entry per issuing organ (joint documents have several), in red
    /// 小标宋. See [`Masthead::mark`] for the 文件 of a joint mark.
    pub organs: Vec<Text>,
    /// 发文字号 (惠审信党〔2024〕9号).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// 签发人 names (上行文 only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signers: Vec<String>,
    /// 上行文: organ mark 80 mm down, 发文字号 flush left and 签发人 on its line.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub upward: bool,
}

/// The 发文机关标志 as it is set: the organ names stacked, and the 文件 set to their right
/// (vertically centred over the stack) when the last name of a joint mark ends in 文件 or
/// is 文件. A single organ is one line, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganMark {
    pub names: Vec<Text>,
    /// Whether 文件 stands to the right of the names.
    pub wenjian: bool,
}

impl Masthead {
    /// The word a joint mark sets beside the stacked names (GB/T 9704 7.2.4).
    pub const WENJIAN: &'static str = "文件";

    /// The organ mark: names and the separate 文件 of a joint document. The one rule for
    /// every backend.
    pub fn mark(&self) -> OrganMark {
        let mut names: Vec<Text> = self
            .organs
            .iter()
            .filter(|t| !plain_text(t).trim().is_empty())
            .cloned()
            .collect();
        if names.len() < 2 {
            return OrganMark {
                names,
                wenjian: false,
            };
        }
        let last = names.len() - 1;
        if plain_text(&names[last]).trim() == Self::WENJIAN {
            names.pop();
        } else if let Some(run) = names[last].last_mut() {
            match run.text.trim_end().strip_suffix(Self::WENJIAN) {
                Some(rest) => run.text = rest.to_string(),
                None => {
                    return OrganMark {
                        names,
                        wenjian: false,
                    };
                }
            }
        }
        OrganMark {
            wenjian: true,
            names,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub number: String,
    pub text: Text,
    pub run_in: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub text: Text,
    pub align: Align,
    /// First-line indent in characters (2 for body paragraphs).
    pub indent: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureList {
    pub lead: Text,
    pub items: Vec<MeasureItem>,
    pub inline: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct MeasureItem {
    pub marker: String,
    pub text: Text,
}

#[derive(Debug, Clone, Serialize)]
pub struct Signature {
    /// One line per issuer (joint documents have several).
    pub issuers: Vec<Text>,
    /// 2024年9月26日
    pub date: String,
    /// With a seal (7.3.5.1): date right-indented four characters, issuer centred over it.
    /// Without (7.3.5.2): issuer right-indented two characters, date two characters further.
    pub seal: bool,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Imprint {
    /// 抄送 names; empty: no 抄送 line.
    pub cc: Vec<String>,
    pub printed_by: Option<String>,
    /// 2024年9月27日 (印发 is appended by the backend).
    pub printed_on: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    pub label: String,
    pub title: Text,
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Relative column widths; the backend scales them to the text block.
    pub columns: Vec<f32>,
    /// Type size of the cells in points (14 = 4号, 12 = 小四).
    pub font_size: f32,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RowKind {
    /// Repeated at the top of every page the table runs over; 黑体.
    Header,
    /// A category row: one cell spanning all columns.
    Category,
    #[default]
    Body,
    /// A closing totals row.
    Total,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub kind: RowKind,
    pub cells: Vec<Cell>,
}

impl Row {
    /// How many columns cell `i`, starting at column `col`, spans in a table of `ncols`:
    /// its `span`, except that a category row's last cell reaches the last column (a lone
    /// category cell spans the table). Every backend sets rows by this.
    pub fn span_of(&self, i: usize, col: usize, ncols: usize) -> usize {
        let span = self.cells.get(i).map_or(1, |c| usize::from(c.span.max(1)));
        if self.kind == RowKind::Category && i + 1 == self.cells.len() && col + span < ncols {
            ncols - col
        } else {
            span
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum VMerge {
    #[default]
    None,
    /// First cell of a vertical merge: holds the text.
    Restart,
    /// Covered by the cell above; its text is empty.
    Continue,
}

#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// Paragraphs of the cell.
    pub paragraphs: Vec<Text>,
    /// Columns this cell spans (1 or more).
    pub span: u16,
    pub vmerge: VMerge,
    pub align: Align,
    /// Marks a cell to highlight (e.g. 超期).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flagged: bool,
}
