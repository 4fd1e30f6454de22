//! Unit tests of the template stage with plans built in code.

use super::*;
use crate::model::{Block, plain_text};
use crate::plan::*;

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn problem(path: &str, id: &str, title: &str, detail: Option<&str>, measures: &[&str]) -> Node {
    Node::Problem(Problem {
        id: id.into(),
        title: title.into(),
        detail: detail.map(String::from),
        status: Status::Done,
        status_derived: false,
        ongoing: false,
        deadline: None,
        completed: None,
        owner: Owner {
            department: vec!["综合科".into()],
            ..Owner::default()
        },
        measures: measures
            .iter()
            .enumerate()
            .map(|(i, t)| Measure {
                text: t.to_string(),
                status: None,
                deadline: None,
                completed: None,
                owner: Owner::default(),
                evidence: vec![],
                path: format!("{path}.measures[{i}]"),
                extra: Extra::new(),
            })
            .collect(),
        result: None,
        evidence: vec![],
        rules: vec![],
        recovered: None,
        note: None,
        path: path.into(),
        extra: Extra::new(),
    })
}

fn block(path: &str, heading: Option<&str>, paras: &[&str]) -> crate::plan::Block {
    crate::plan::Block {
        heading: heading.map(String::from),
        paragraphs: paras.iter().map(|s| s.to_string()).collect(),
        items: vec![],
        path: path.into(),
        extra: Extra::new(),
    }
}

pub fn sample_plan() -> Plan {
    let g0 = Node::Group(Group {
        title: "落实巡察发现问题整改不力方面".into(),
        path: "problems[0]".into(),
        extra: Extra::new(),
        items: vec![
            Node::Group(Group {
                title: "整改不到位".into(),
                path: "problems[0].items[0]".into(),
                extra: Extra::new(),
                items: vec![
                    problem(
                        "problems[0].items[0].items[0]",
                        "Q01",
                        "个别问题整改不到位",
                        Some("如“未签协议”问题。"),
                        &["对接物业公司。", "做好沟通对接。"],
                    ),
                    problem(
                        "problems[0].items[0].items[1]",
                        "Q02",
                        "问题整改不全面",
                        None,
                        &["强化教育培训。"],
                    ),
                ],
            }),
            Node::Group(Group {
                title: "整改与日常工作脱节".into(),
                path: "problems[0].items[1]".into(),
                extra: Extra::new(),
                items: vec![problem(
                    "problems[0].items[1].items[0]",
                    "Q03",
                    "“点对点”为整改而整改",
                    None,
                    &["完善租用手续。"],
                )],
            }),
        ],
    });
    let g1 = Node::Group(Group {
        title: "贯彻党中央决策部署不扎实方面".into(),
        path: "problems[1]".into(),
        extra: Extra::new(),
        items: vec![problem(
            "problems[1].items[0]",
            "Q04",
            "政治理论学习不深",
            None,
            &["坚持第一议题。"],
        )],
    });
    let mut sections = std::collections::BTreeMap::new();
    let mut w0 = block(
        "sections.work[0]",
        Some("党组书记组织落实整改工作情况"),
        &[],
    );
    w0.items = vec![block(
        "sections.work[0].items[0]",
        Some("强化责任担当"),
        &["收到反馈意见后……", "第二段。"],
    )];
    sections.insert("work".to_string(), vec![w0]);
    sections.insert(
        "next".to_string(),
        vec![block(
            "sections.next[0]",
            Some("持续用力"),
            &["对已经完成的整改任务……"],
        )],
    );
    let mut documents = std::collections::BTreeMap::new();
    documents.insert(
        "notice".to_string(),
        DocumentSettings {
            date: Some(d("2024-09-26")),
            public: true,
            ..DocumentSettings::default()
        },
    );
    Plan {
        format: 1,
        unit: Unit {
            name: "中共某某局党组".into(),
            short: "局党组".into(),
            agency: None,
            extra: Extra::new(),
        },
        inspection: Some(Inspection {
            by: "区委".into(),
            group: "区委第一巡察组".into(),
            kind: Some("政治巡察".into()),
            round: None,
            start: d("2024-03-05"),
            end: d("2024-04-18"),
            feedback: d("2024-05-16"),
            target: "区某某局党组".into(),
            extra: Extra::new(),
        }),
        as_of: Some(d("2024-08-31")),
        leadership: None,
        contact: Some(Contact {
            office: None,
            phone: Some("0371-63502003".into()),
            email: Some("a@b.cn".into()),
            address: None,
            postcode: Some("450053".into()),
            extra: Extra::new(),
        }),
        sections,
        problems: vec![g0, g1],
        documents,
        extra: Extra::new(),
        document: None,
    }
}

fn blocks(plan: &Plan) -> Vec<Block> {
    Templates::builtin()
        .render("notice", plan)
        .unwrap()
        .document
        .blocks
}

fn headings(bs: &[Block]) -> Vec<(u8, String, String)> {
    bs.iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some((h.level, h.number.clone(), plain_text(&h.text))),
            _ => None,
        })
        .collect()
}

#[test]
fn builtins_compile() {
    let t = Templates::builtin();
    assert_eq!(t.kinds(), ["document", "ledger", "notice", "plan"]);
    // kinds compile on first use: rendering the notice leaves the others alone
    t.render("notice", &sample_plan()).unwrap();
    let done = |k: &str| t.compiled[k].get().is_some();
    assert!(done("notice") && !done("plan") && !done("ledger") && !done("document"));
    assert!(t.compile_all().is_empty());
    assert!(done("plan") && done("ledger") && done("document"));
}

#[test]
fn notice_structure_continuous() {
    let bs = blocks(&sample_plan());
    let Block::Title { lines } = &bs[0] else {
        panic!("{:?}", bs[0])
    };
    assert_eq!(
        plain_text(&lines[0]),
        "中共某某局党组关于区委巡察整改进展情况的通报"
    );
    assert!(matches!(&bs[1], Block::Subtitle { text } if plain_text(text) == "（社会公开稿）"));
    let Block::Paragraph(p) = &bs[2] else {
        panic!()
    };
    assert_eq!(
        plain_text(&p.text),
        "根据区委统一部署，2024年3月5日至4月18日，区委第一巡察组对区某某局党组开展了政治巡察。2024年5月16日，区委第一巡察组向局党组反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。"
    );
    let hs = headings(&bs);
    let want: Vec<(u8, &str, &str)> = vec![
        (1, "一、", "巡察整改工作开展情况"),
        (2, "（一）", "党组书记组织落实整改工作情况"),
        (3, "1.", "强化责任担当。"),
        (1, "二、", "具体问题整改情况"),
        (2, "（一）", "落实巡察发现问题整改不力方面"),
        (3, "1.", "整改不到位"),
        (4, "（1）", "个别问题整改不到位。"),
        (4, "（2）", "问题整改不全面。"),
        (3, "2.", "整改与日常工作脱节"),
        (4, "（3）", "“点对点”为整改而整改。"),
        (2, "（二）", "贯彻党中央决策部署不扎实方面"),
        (3, "4.", "政治理论学习不深。"),
        (1, "三、", "下一步工作安排"),
        (2, "（一）", "持续用力。"),
    ];
    let got: Vec<(u8, &str, &str)> = hs
        .iter()
        .map(|(l, n, t)| (*l, n.as_str(), t.as_str()))
        .collect();
    assert_eq!(got, want);
    // The detail runs in after the title; measures as 一是 items.
    let h = bs.iter().find_map(|b| match b {
        Block::Heading(h) if h.number == "（1）" => Some(h),
        _ => None,
    });
    let h = h.unwrap();
    assert_eq!(plain_text(&h.run_in), "如“未签协议”问题。");
    assert_eq!(h.run_in[0].origin.0, "problems[0].items[0].items[0].detail");
    let m = bs.iter().find_map(|b| match b {
        Block::MeasureList(m) => Some(m),
        _ => None,
    });
    let m = m.unwrap();
    assert_eq!(plain_text(&m.lead), "整改情况：");
    assert_eq!(m.items[1].marker, "二是");
    assert_eq!(
        m.items[1].text[0].origin.0,
        "problems[0].items[0].items[0].measures[1]"
    );
    // Contact lines, signature.
    let texts: Vec<String> = bs
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(plain_text(&p.text)),
            _ => None,
        })
        .collect();
    assert!(texts.contains(&"联系电话：0371-63502003；".to_string()));
    assert!(texts.contains(&"电子信箱：a@b.cn。".to_string()));
    let Some(Block::Signature(s)) = bs.last() else {
        panic!()
    };
    assert_eq!(s.date, "2024年9月26日");
    assert_eq!(plain_text(&s.issuers[0]), "中共某某局党组");
}

#[test]
fn per_group_numbering_and_status_line() {
    let mut plan = sample_plan();
    let n = plan.documents.get_mut("notice").unwrap();
    n.numbering = Numbering::PerGroup;
    n.show_status = true;
    n.headings
        .insert("problems".into(), "聚焦突出问题，逐条逐项落实整改".into());
    let bs = blocks(&plan);
    let nums: Vec<String> = headings(&bs)
        .into_iter()
        .filter(|h| h.0 >= 3)
        .map(|h| h.1)
        .collect();
    assert_eq!(nums, ["1.", "1.", "（1）", "（2）", "2.", "（1）", "1."]);
    assert!(
        headings(&bs)
            .iter()
            .any(|h| h.2 == "聚焦突出问题，逐条逐项落实整改")
    );
    let status: Vec<String> = bs
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) if plain_text(&p.text).starts_with("整改进度") => {
                Some(plain_text(&p.text))
            }
            _ => None,
        })
        .collect();
    assert_eq!(status.len(), 4);
    assert_eq!(status[0], "整改进度：已完成");
}

#[test]
fn flat_list_numbers_problems_1_2() {
    let mut plan = sample_plan();
    plan.problems = vec![
        problem("problems[0]", "A", "甲", None, &["x"]),
        problem("problems[1]", "B", "乙", None, &["y"]),
    ];
    plan.sections.clear();
    let hs = headings(&blocks(&plan));
    let got: Vec<&str> = hs.iter().map(|h| h.1.as_str()).collect();
    assert_eq!(got, ["一、", "1.", "2."]);
}

#[test]
fn missing_date_is_an_error_naming_the_key() {
    let mut plan = sample_plan();
    plan.documents.clear();
    let e = Templates::builtin().render("notice", &plan).unwrap_err();
    assert_eq!(e[0].key_path.as_deref(), Some("documents.notice.date"));
}

#[test]
fn hostile_characters_are_dropped_or_kept() {
    let mut plan = sample_plan();
    plan.unit.name = "中共<某>&\"局\"]]>党组\u{1}\u{FFFE}😀".into();
    if let Node::Group(g) = &mut plan.problems[1]
        && let Node::Problem(p) = &mut g.items[0]
    {
        p.title = "标题\u{FFFF}<b>".into();
    }
    let r = Templates::builtin().render("notice", &plan).unwrap();
    let Block::Title { lines } = &r.document.blocks[0] else {
        panic!()
    };
    assert_eq!(
        plain_text(&lines[0]),
        "中共<某>&\"局\"]]>党组😀关于区委巡察整改进展情况的通报"
    );
    let keys: Vec<&str> = r
        .warnings
        .iter()
        .filter_map(|w| w.key_path.as_deref())
        .collect();
    assert!(keys.contains(&"unit.name"), "{keys:?}");
    assert!(keys.contains(&"problems[1].items[0].title"), "{keys:?}");
    assert!(r.warnings[0].message.contains("U+0001"));
}

#[test]
fn markup_errors_are_traced_to_the_template_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.hbs"),
        "<document>\n<p>{{unit.name}}</p>\n  <p>x</b>\n</document>\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("odd.hbs"),
        "<document>\n{{#each problems}}\n<para>{{title}}</para>\n{{/each}}\n</document>\n",
    )
    .unwrap();
    let mut plan = sample_plan();
    for k in ["bad", "odd"] {
        plan.documents.insert(
            k.into(),
            DocumentSettings {
                date: Some(d("2024-09-26")),
                ..Default::default()
            },
        );
    }
    let t = Templates::with_dir(dir.path()).unwrap();
    let e = t.render("bad", &plan).unwrap_err();
    let loc = e[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (3, 7), "{e:?}");
    assert!(loc.file.ends_with("bad.hbs"));
    let e = t.render("odd", &plan).unwrap_err();
    let loc = e[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (3, 1), "{e:?}");
    assert!(e[0].message.contains("<para>"));
}

#[test]
fn strict_mode_and_syntax_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("typo.hbs"),
        "<document>\n<p>{{unit.nmae}}</p>\n</document>\n",
    )
    .unwrap();
    let mut plan = sample_plan();
    plan.documents.insert(
        "typo".into(),
        DocumentSettings {
            date: Some(d("2024-09-26")),
            ..Default::default()
        },
    );
    let t = Templates::with_dir(dir.path()).unwrap();
    let e = t.render("typo", &plan).unwrap_err();
    let loc = e[0].location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (2, 4), "{e:?}");
    assert!(e[0].message.contains("unit.nmae"), "{e:?}");

    std::fs::write(
        dir.path().join("open.hbs"),
        "<document>\n{{#if unit}}\n<p>x</p>\n</document>\n",
    )
    .unwrap();
    let e = Templates::with_dir(dir.path()).unwrap_err();
    let loc = e[0].location.as_ref().unwrap();
    assert!(loc.file.ends_with("open.hbs"));
    assert!(loc.line >= 2, "{e:?}");
}

#[test]
fn instrument_skips_expressions_spanning_lines() {
    let mut table = vec![];
    let s = instrument("a\n{{#if x\n y}}\nb", Path::new("t"), &mut table);
    assert_eq!(table.iter().map(|t| t.1).collect::<Vec<_>>(), [1, 2, 4]);
    let (clean, marks) = strip_markers(&s);
    assert_eq!(clean, "a\n{{#if x\n y}}\nb");
    assert_eq!(marks.len(), 3);
}

#[test]
fn sample_notice_matches_golden() {
    // A given summary: the generated sentence depends on Stats::compute (the plan stage).
    let mut plan = sample_plan();
    plan.sections.insert(
        "summary".into(),
        vec![block(
            "sections.summary[0]",
            None,
            &["截至目前，4个问题已全部整改。"],
        )],
    );
    let doc = Templates::builtin()
        .render("notice", &plan)
        .unwrap()
        .document;
    let got = dump(&doc);
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/sample-notice.model.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("golden (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(
        got, want,
        "the sample notice model changed; UPDATE_GOLDEN=1 to accept"
    );
}

#[test]
fn misspelt_variable_inside_a_helper_is_an_error_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("h.hbs"),
        "<document>\n<p>{{date doc.dat}}</p>\n</document>\n",
    )
    .unwrap();
    let mut plan = sample_plan();
    plan.documents.insert(
        "h".into(),
        DocumentSettings {
            date: Some(d("2024-09-26")),
            ..Default::default()
        },
    );
    let e = Templates::with_dir(dir.path())
        .unwrap()
        .render("h", &plan)
        .unwrap_err();
    assert!(e[0].message.contains("doc.dat"), "{e:?}");
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2), "{e:?}");
}

/// A user folder with kinds `a`, `b`, … (each dated) and partials; the sample plan.
fn user_templates(kinds: &[(&str, &str)], partials: &[(&str, &str)]) -> (Templates, Plan) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("partials")).unwrap();
    let mut plan = sample_plan();
    for (k, text) in kinds {
        std::fs::write(dir.path().join(format!("{k}.hbs")), text).unwrap();
        plan.documents.insert(
            k.to_string(),
            DocumentSettings {
                date: Some(d("2024-09-26")),
                ..Default::default()
            },
        );
    }
    for (p, text) in partials {
        std::fs::write(dir.path().join(format!("partials/{p}.hbs")), text).unwrap();
    }
    (Templates::with_dir(dir.path()).unwrap(), plan)
}

#[test]
fn include_renders_as_a_partial_does() {
    let row = "<p>{{n}}·{{@index}}·{{title}}·{{../../unit.name}}{{#if @last}}·last{{/if}}</p>\n";
    let (t, plan) = user_templates(
        &[
            (
                "inc",
                "<document>\n{{#each problems}}\n{{include \"row\" n=(inc @index)}}\n{{/each}}\n</document>\n",
            ),
            (
                "par",
                "<document>\n{{#each problems}}\n{{> row n=(inc @index)}}\n{{/each}}\n</document>\n",
            ),
        ],
        &[("row", row)],
    );
    let inc = dump(&t.render("inc", &plan).unwrap().document);
    let par = dump(&t.render("par", &plan).unwrap().document);
    // Equal but for the first line (`document kind=…`).
    assert_eq!(
        inc.split_once('\n').unwrap().1,
        par.split_once('\n').unwrap().1
    );
    assert!(
        inc.contains("1·0·落实巡察发现问题整改不力方面·中共某某局党组\n"),
        "{inc}"
    );
    assert!(inc.contains("·last"), "{inc}");
}

#[test]
fn include_errors_name_the_partial_and_bound_recursion() {
    let (t, plan) = user_templates(
        &[
            ("missing", "<document>\n{{include \"nope\"}}\n</document>\n"),
            (
                "typo",
                "<document>\n{{include \"typo-part\"}}\n</document>\n",
            ),
            ("loop", "<document>\n{{include \"again\"}}\n</document>\n"),
        ],
        &[
            ("typo-part", "<p>x</p>\n<p>{{unit.nmae}}</p>\n"),
            ("again", "{{include \"again\"}}"),
        ],
    );
    let e = t.render("missing", &plan).unwrap_err();
    assert!(e[0].message.contains("unknown partial `nope`"), "{e:?}");
    assert_eq!(e[0].location.as_ref().map(|l| l.line), Some(2), "{e:?}");

    let e = t.render("typo", &plan).unwrap_err();
    let loc = e[0].location.as_ref().unwrap();
    assert!(loc.file.ends_with("partials/typo-part.hbs"), "{e:?}");
    assert_eq!((loc.line, loc.column), (2, 4), "{e:?}");

    let e = t.render("loop", &plan).unwrap_err();
    assert!(e[0].message.contains("nested 64 deep"), "{e:?}");
    assert!(e[0].location.as_ref().unwrap().file.ends_with("again.hbs"));
}

#[test]
fn a_kind_named_like_a_partial_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("block.hbs"), "<document>\n</document>\n").unwrap();
    let e = Templates::with_dir(dir.path()).unwrap_err();
    assert!(e[0].message.contains("kind `block`"), "{e:?}");
    assert!(e[0].location.as_ref().unwrap().file.ends_with("block.hbs"));
}

#[test]
fn builtin_partials_have_no_include_cycle() {
    // `with_dir` checks a user's folder; the built-ins alone are checked here.
    assert!(Templates::builtin().partial_cycles().is_empty());
}

#[test]
fn inc_of_the_largest_number_and_percent_of_nan_are_errors() {
    let (t, plan) = user_templates(
        &[
            (
                "a",
                "<document><p>{{inc 18446744073709551615}}</p></document>",
            ),
            ("b", "<document><p>{{percent \"NaN\"}}</p></document>"),
            ("c", "<document><p>{{percent \"inf\"}}</p></document>"),
        ],
        &[],
    );
    let e = t.render("a", &plan).unwrap_err();
    assert!(e[0].message.contains("largest number"), "{e:?}");
    for k in ["b", "c"] {
        let e = t.render(k, &plan).unwrap_err();
        assert!(e[0].message.contains("needs a number"), "{e:?}");
    }
}

#[test]
fn table_errors_are_located_at_the_template_line() {
    let (t, plan) = user_templates(
        &[
            (
                "a",
                "<document>\n<table columns=\"1, 1\">\n<row><cell>x</cell></row>\n<row><cell span=\"5\">x</cell></row>\n</table>\n</document>",
            ),
            (
                "b",
                "<document>\n<p>x</p>\n<table columns=\"1\">\n</table>\n</document>",
            ),
            (
                "c",
                "<document>\n<table columns=\"1\">\n<row></row>\n</table>\n</document>",
            ),
        ],
        &[],
    );
    for (k, line, what) in [
        ("a", 4, "span 5 columns"),
        ("b", 3, "without a <row>"),
        ("c", 3, "without a <cell>"),
    ] {
        let e = t.render(k, &plan).unwrap_err();
        assert!(e[0].message.contains(what), "{e:?}");
        assert_eq!(
            e[0].location.as_ref().map(|l| l.line),
            Some(line),
            "{k}: {e:?}"
        );
    }
}

#[test]
fn control_characters_leave_the_model_for_every_writer() {
    let (t, plan) = user_templates(
        &[("a", "<document><p>a\u{7f}b&#x80;c\td</p></document>")],
        &[],
    );
    let doc = t.render("a", &plan).unwrap().document;
    let Block::Paragraph(p) = &doc.blocks[0] else {
        panic!()
    };
    assert_eq!(plain_text(&p.text), "abc\td");
}

#[test]
fn nested_loops_stop_at_the_markup_limit() {
    let each = "{{#each @root.all_problems}}";
    let (mut t, plan) = user_templates(
        &[(
            "a",
            &format!(
                "<document>{each}{each}{each}{each}<p>{{{{title}}}}</p>{{{{/each}}}}{{{{/each}}}}{{{{/each}}}}{{{{/each}}}}</document>"
            ),
        )],
        &[],
    );
    t.set_limits(bound::Limits {
        markup_mb: 1,
        seconds: 60,
    });
    let mut plan = plan;
    // 20 problems: 160,000 paragraphs, several MB.
    let Node::Group(g) = plan.problems[0].clone() else {
        panic!()
    };
    plan.problems = (0..20).map(|_| Node::Group(g.clone())).collect();
    let e = t.render("a", &plan).unwrap_err();
    assert_eq!(
        e[0].message,
        "template `a` renders more than 1 MB of markup"
    );
    assert!(e[0].location.is_some());
}

#[test]
fn a_missing_character_of_a_template_literal_is_located_in_the_template() {
    let (t, _) = user_templates(&[("a", "<document>\n<p>正文\u{10330}</p></document>")], &[]);
    let mut d = vec![Diagnostic::error(
        "character \u{10330} (U+10330) is in no installed font",
    )];
    t.locate_literal_chars("a", &mut d);
    let l = d[0].location.as_ref().unwrap();
    assert_eq!((l.line, l.column), (2, 6));
    assert!(l.file.ends_with("a.hbs"));
}
