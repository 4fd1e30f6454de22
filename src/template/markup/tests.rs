//! The markup parser: every element, attribute and error.

use super::*;

#[test]
fn paragraphs_headings_and_origins() {
    let m = r#"<document>
      <meta title="T" author="A"><keyword>巡察</keyword></meta>
      <title at="unit.name"><line>第一行</line><line>第二行</line></title>
      <heading level="4" number="（1）" at="problems[0]">
        <span at="problems[0].title">标题。</span><runin at="problems[0].detail">细节 &lt;&amp;&gt;</runin>
      </heading>
      <p at="x">甲
         乙 <b>丙</b> 丁</p>
    </document>"#;
    let d = parse(m, "notice").unwrap();
    assert_eq!(d.meta.keywords, ["巡察"]);
    let Block::Title { lines } = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1][0].origin.0, "unit.name");
    let Block::Heading(h) = &d.blocks[1] else {
        panic!()
    };
    assert_eq!(h.number, "（1）");
    assert_eq!(plain_text(&h.text), "标题。");
    assert_eq!(h.text[0].origin.0, "problems[0].title");
    assert_eq!(plain_text(&h.run_in), "细节 <&>");
    assert_eq!(h.run_in[0].origin.0, "problems[0].detail");
    let Block::Paragraph(p) = &d.blocks[2] else {
        panic!()
    };
    assert_eq!(plain_text(&p.text), "甲乙 丙 丁");
    assert!(p.text[1].bold);
    assert_eq!(p.indent, 2);
}

#[test]
fn tables_and_measures() {
    let m = r#"<document><table columns="1, 3" font-size="12">
      <row kind="header"><cell align="center">序号</cell><cell>问题</cell></row>
      <row kind="category"><cell span="2">一类</cell></row>
      <row><cell vmerge="restart" flagged="true"><p>1</p><p>2</p></cell><cell>x</cell></row>
    </table>
    <measures inline="true" at="p.measures"><lead>整改情况：</lead><item marker="一是">做了；</item><item marker="二是" at="m2">又做了。</item></measures>
    </document>"#;
    let d = parse(m, "k").unwrap();
    let Block::Table(t) = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(t.columns, [1.0, 3.0]);
    assert_eq!(t.rows[0].kind, RowKind::Header);
    assert_eq!(t.rows[1].cells[0].span, 2);
    assert_eq!(t.rows[2].cells[0].paragraphs.len(), 2);
    assert!(t.rows[2].cells[0].flagged);
    let Block::MeasureList(l) = &d.blocks[1] else {
        panic!()
    };
    assert!(l.inline);
    assert_eq!(l.items[1].marker, "二是");
    assert_eq!(l.items[0].text[0].origin.0, "p.measures");
    assert_eq!(l.items[1].text[0].origin.0, "m2");
}

#[test]
fn errors_carry_offsets() {
    let m = "<document>\n<p>ok</p>\n<para>x</para>\n</document>";
    let e = parse(m, "k").unwrap_err();
    assert_eq!(e.offset, m.find("<para>").unwrap());
    assert!(e.message.contains("unknown element <para>"));
    let bad = "<document>\n<p>ok</b>\n</document>";
    let e = parse(bad, "k").unwrap_err();
    assert!(e.message.contains("not well-formed"));
    assert_eq!(&bad[..e.offset].matches('\n').count(), &1);
    assert!(parse("<document><p align=\"up\">x</p></document>", "k").is_err());
    assert!(parse("<document><heading level=\"9\">x</heading></document>", "k").is_err());
}

#[test]
fn meta_date_is_a_date_that_exists() {
    // The PDF took 2024-02-31 and the DOCX 2024-99-99 before the model had a Date.
    for bad in ["2024-02-31", "2024-99-99", "2024-9-26", "soon"] {
        let m = format!("<document>\n<meta date=\"{bad}\"/>\n<p>x</p></document>");
        let e = parse(&m, "k").unwrap_err();
        assert!(e.message.contains("YYYY-MM-DD"), "{bad}: {}", e.message);
        assert_eq!(e.offset, m.find("<meta").unwrap());
    }
    let ok = parse(
        "<document><meta date=\"2024-02-29\"/><p>x</p></document>",
        "k",
    )
    .unwrap();
    assert_eq!(ok.meta.date.map(|d| d.iso()), Some("2024-02-29".into()));
}

#[test]
fn masthead_attributes_organs_and_errors() {
    let m = r#"<document><masthead at="documents.plan.organ" copy-no="000012" secrecy="" urgency="特急"
        number="某审〔2024〕9号" signer="张三、李四" upward="true"><organ>甲单位</organ><organ>乙单位文件</organ></masthead></document>"#;
    let d = parse(m, "plan").unwrap();
    let Block::Masthead(h) = &d.blocks[0] else {
        panic!()
    };
    assert_eq!(h.copy_no.as_deref(), Some("000012"));
    // an empty attribute is an absent element
    assert_eq!(h.secrecy, None);
    assert_eq!(h.urgency.as_deref(), Some("特急"));
    assert_eq!(h.signers, ["张三", "李四"]);
    assert!(h.upward);
    assert_eq!(h.organs.len(), 2);
    assert_eq!(h.organs[0][0].origin.0, "documents.plan.organ");
    assert!(h.mark().wenjian);
    for (bad, want) in [
        ("<masthead number=\"x\"></masthead>", "needs an <organ>"),
        ("<masthead><organ> </organ></masthead>", "needs an <organ>"),
        ("<masthead><p>x</p></masthead>", "holds only <organ>"),
        (
            "<masthead colour=\"red\"><organ>甲</organ></masthead>",
            "colour",
        ),
        (
            "<masthead upward=\"yes\"><organ>甲</organ></masthead>",
            "true or false",
        ),
    ] {
        let e = parse(&format!("<document>{bad}</document>"), "plan").unwrap_err();
        assert!(e.message.contains(want), "{bad}: {}", e.message);
    }
}
