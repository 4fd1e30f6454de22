//! A notice built in code (until the template stage lands): the blocks a 通报 has, with
//! realistic text, long paragraphs, run-in headings, numbers, an e-mail address.

use super::super::util::model::{at, heading, para, t};
use rectdoc::model::*;

pub const PARAS: [&str; 6] = [
    "根据区委巡察工作统一部署，2024年4月8日至5月31日，区委第二巡察组对区审计局党组开展了常规巡察。2024年6月28日，巡察组向区审计局党组反馈了巡察意见。按照巡察工作有关要求，现将巡察整改进展情况予以公布。",
    "局党组高度重视巡察整改工作，深刻认识巡察整改工作的严肃性和紧迫性，收到巡察意见反馈后，迅速召开党组会议专题研究部署，成立了以党组书记为组长的整改工作领导小组，印发《中共惠阳区审计局党组落实区委第二巡察组巡察反馈意见整改方案》（惠审党〔2024〕9号），将巡察反馈的问题细化为具体整改任务，逐项明确责任领导、责任科室、责任人和整改时限。",
    "建立巡察整改工作台账，对整改任务进行动态跟踪管理，实行“台账式管理”和“销号制落实”。定期听取各科室汇报整改工作进展情况，及时研究解决整改过程中遇到的困难和问题；对整改不力、敷衍塞责的，严格督促，严肃追责，确保整改工作取得实效。",
    "截至2024年9月20日，巡察反馈的3个方面12个问题已完成整改10个，正在推进2个，整改完成率83.3%；制定完善制度7项，追缴资金共计125.6万元，约谈提醒干部5人次。",
    "以严肃认真的态度深刻反思巡察反馈问题，坚持标本兼治，既立足治标，推行“当下改”的措施，又着眼治本，完善“长久立”的制度，把解决具体问题与推动审计工作高质量发展结合起来，聚焦全面从严治党、审计质量管控、干部队伍建设等方面，建立长效机制，持续巩固巡察整改成果。",
    "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请在2024年10月10日前通过以下方式反映：联系电话0752-3338888；邮政信箱：惠州市惠阳区淡水街道开城大道南168号；电子邮箱hyqsjj@huiyang.gov.cn。",
];

pub fn notice() -> Document {
    let mut blocks = vec![
        Block::Title {
            lines: vec![t(
                "中共惠州市惠阳区审计局党组关于区委第二巡察组巡察反馈意见整改进展情况的通报",
            )],
        },
        Block::Subtitle {
            text: t("（社会公开稿）"),
        },
        Block::Recipients {
            text: t("局机关各股室、各直属单位："),
        },
        para(PARAS[0]),
        heading(1, "一、", "扛牢政治责任，扎实有序推进整改", ""),
        heading(2, "（一）", "提高政治站位，强化组织领导。", ""),
        para(PARAS[1]),
        heading(2, "（二）", "坚持问题导向，压实整改责任。", ""),
        para(PARAS[2]),
        para(PARAS[3]),
        heading(1, "二、", "聚焦突出问题，逐条逐项落实整改", ""),
    ];
    for i in 0..4 {
        blocks.push(heading(
            2,
            &format!("（{}）", ["一", "二", "三", "四"][i]),
            "关于落实全面从严治党主体责任方面的问题",
            "",
        ));
        blocks.push(Block::Heading(Heading {
            level: 3,
            number: format!("{}.", i + 1),
            text: t("党组理论学习中心组学习不够深入系统。"),
            run_in: at(
                "整改情况：一是制定年度学习计划，每月开展中心组集中学习，2024年以来开展集中学习9次、专题研讨4次；二是建立学习督导机制，将学习情况纳入年度考核。",
                &format!("problems[{i}].items[0].progress"),
            ),
        }));
        blocks.push(Block::MeasureList(MeasureList {
            lead: t("整改措施："),
            items: vec![
                MeasureItem { marker: "一是".into(), text: t("健全审计项目质量控制制度，修订《审计业务质量管理办法》，实行审计组长、审理科室、分管领导三级复核；") },
                MeasureItem { marker: "二是".into(), text: t("开展审计档案专项检查，对2021年至2023年的56个审计项目档案逐一核查，整改不规范问题23个。") },
            ],
            inline: true,
        }));
    }
    blocks.push(heading(1, "三、", "巩固整改成果，持续深化整改", ""));
    blocks.push(para(PARAS[4]));
    blocks.push(para(PARAS[5]));
    blocks.push(Block::Signature(Signature {
        issuers: vec![t("中共惠州市惠阳区审计局党组")],
        date: "2024年9月26日".into(),
        seal: false,
    }));
    blocks.push(Block::Note {
        text: t("（此件公开发布）"),
    });
    blocks.push(Block::Imprint(Imprint {
        cc: vec!["区委巡察办".into(), "区纪委监委第三派驻纪检监察组".into()],
        printed_by: Some("惠阳区审计局办公室".into()),
        printed_on: Some("2024年9月27日".into()),
    }));
    Document {
        kind: "notice".into(),
        meta: Metadata {
            title: "中共惠州市惠阳区审计局党组关于区委第二巡察组巡察反馈意见整改进展情况的通报"
                .into(),
            author: "中共惠州市惠阳区审计局党组".into(),
            subject: "巡察整改进展情况".into(),
            keywords: vec!["巡察整改".into(), "通报".into()],
            date: rectdoc::date::Date::parse_iso("2024-09-26"),
        },
        orientation: Orientation::Portrait,
        blocks,
        words: vec![],
    }
}
