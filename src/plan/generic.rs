//! A document without an inspection: a file whose top level holds `document:` (a report, a
//! request, a reply), with the GB/T 9704 elements and a body of narrative blocks. It is read
//! into a [`Plan`](super::Plan) with `document` set and no inspection or problems, so that
//! `render`, `batch` and `check` treat both kinds of file alike.

use super::model::{Block, DocumentSettings, Extra};
use serde::Serialize;

/// The `document:` map of a document file (title checked present and not empty on load).
#[derive(Debug, Clone, Serialize)]
pub struct GenericDocument {
    /// The keys a document shares with a plan's document settings and their meanings: title,
    /// date (成文日期), public, number (发文字号), to (主送机关), cc, printed_by, printed_on
    /// (版记), organ, signer, copy_no, secrecy, urgency (版头), extra.
    #[serde(flatten)]
    pub settings: DocumentSettings,
    /// 正文: blocks as in a plan's `sections`, headed blocks numbered 一、（一）1.（1）by depth.
    pub body: Vec<Block>,
    /// 附件, in order: listed in the 附件说明; those with a body get pages of their own.
    pub attachments: Vec<DocAttachment>,
    /// 发文机关署名, one or several (joint documents).
    pub issuer: Vec<String>,
    /// 加盖印章 (GB/T 9704 7.3.5.1) or not (7.3.5.2).
    pub seal: bool,
    /// 附注.
    pub note: Option<String>,
}

/// One 附件: its title (附件说明 and the page's title) and an optional body.
#[derive(Debug, Clone, Serialize)]
pub struct DocAttachment {
    pub title: String,
    pub body: Vec<Block>,
    /// Key path, e.g. `document.attachments[1]`.
    pub path: String,
    pub extra: Extra,
}

impl GenericDocument {
    /// Every block of the body and of the attachments, depth first.
    pub fn blocks(&self) -> Vec<&Block> {
        fn walk<'a>(bs: &'a [Block], out: &mut Vec<&'a Block>) {
            for b in bs {
                out.push(b);
                walk(&b.items, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.body, &mut out);
        for a in &self.attachments {
            walk(&a.body, &mut out);
        }
        out
    }
}

/// What `validate` and `stats` say about a document: its size.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct DocumentStats {
    pub headings: usize,
    pub paragraphs: usize,
    pub attachments: usize,
    /// Characters of the title, headings and paragraphs (body and attachments), without
    /// whitespace: the length a clerk means by 字数.
    pub characters: usize,
}

impl DocumentStats {
    pub fn of(d: &GenericDocument) -> DocumentStats {
        let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
        let mut st = DocumentStats {
            attachments: d.attachments.len(),
            characters: d.settings.title.as_deref().map_or(0, count),
            ..Default::default()
        };
        for b in d.blocks() {
            if let Some(h) = &b.heading {
                st.headings += 1;
                st.characters += count(h);
            }
            st.paragraphs += b.paragraphs.len();
            st.characters += b.paragraphs.iter().map(|p| count(p)).sum::<usize>();
        }
        st.characters += d.attachments.iter().map(|a| count(&a.title)).sum::<usize>();
        st
    }
}
