//! Name tables for the synthetic province (合成数据): surnames (姓氏), given-name characters (名字用字),
//! company trade names (字号) and industries (行业), lenders (银行 / 小额贷款公司), street names (路名).
//!
//! Everything here is data; the generator in `generate.rs` decides how to draw from it.

/// The ~100 most common surnames with approximate shares in hundredths of a percent.
///
/// Why these numbers: they follow the order and rough shares of the Ministry of Public Security's
/// published household-registration rankings (王 ≈ 7.1%, 李 ≈ 7.0%, 张 ≈ 6.7%, 刘 ≈ 5.4%, 陈 ≈ 4.5% …);
/// the tail values are rounded and approximate. They are national shares: in 浙江 陈, 王, 张, 李, 徐,
/// 周, 吴 and 林 lead, but the national table is close enough for believable demo data. Weights are
/// relative, so the ~15% of the population outside the top 100 simply does not occur.
#[rustfmt::skip]
pub(crate) const SURNAMES: &[(&str, u32)] = &[
    ("王", 712), ("李", 700), ("张", 674), ("刘", 538), ("陈", 453), ("杨", 308), ("赵", 229),
    ("黄", 223), ("周", 193), ("吴", 205), ("徐", 145), ("孙", 138), ("胡", 116), ("朱", 128),
    ("高", 100), ("林", 101), ("何", 106), ("郭", 113), ("马", 129), ("罗", 87), ("梁", 72),
    ("宋", 62), ("郑", 80), ("谢", 72), ("韩", 60), ("唐", 62), ("冯", 59), ("于", 48),
    ("董", 51), ("萧", 10), ("程", 41), ("曹", 56), ("袁", 50), ("邓", 58), ("许", 61),
    ("傅", 20), ("沈", 35), ("曾", 54), ("彭", 55), ("吕", 37), ("苏", 38), ("卢", 34),
    ("蒋", 48), ("蔡", 46), ("贾", 27), ("丁", 36), ("魏", 38), ("薛", 22), ("叶", 42),
    ("阎", 5), ("余", 45), ("潘", 49), ("杜", 42), ("戴", 16), ("夏", 26), ("钟", 32),
    ("汪", 29), ("田", 52), ("任", 36), ("姜", 33), ("范", 29), ("方", 25), ("石", 28),
    ("姚", 34), ("谭", 31), ("廖", 27), ("邹", 24), ("熊", 24), ("金", 28), ("陆", 30),
    ("郝", 18), ("孔", 15), ("白", 25), ("崔", 33), ("康", 14), ("毛", 18), ("邱", 23),
    ("秦", 24), ("江", 23), ("史", 20), ("顾", 18), ("侯", 21), ("邵", 17), ("孟", 24),
    ("龙", 21), ("万", 17), ("段", 21), ("雷", 21), ("钱", 17), ("汤", 15), ("尹", 23),
    ("黎", 19), ("易", 14), ("常", 14), ("武", 16), ("乔", 13), ("贺", 19), ("赖", 14),
    ("龚", 18), ("文", 14), ("肖", 53), ("付", 25), ("闫", 22), ("严", 17),
];

/// Given-name characters chosen mostly for men. A list of the characters that dominate published
/// given-name frequency tables; the generator picks the list by the sex the ID number encodes, so the
/// name and the 顺序码 parity agree.
pub(crate) const GIVEN_MALE: &str = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林国建志\
海东峰亮成兵春永光荣新德福生祥胜金庆立振家豪博晨阳昊然轩睿航毅锋鸿彬坤";

/// Given-name characters chosen mostly for women (see [`GIVEN_MALE`]).
pub(crate) const GIVEN_FEMALE: &str = "芳娜敏静丽艳娟霞燕玲桂英秀兰萍红梅琳婷雪慧莉倩颖洁佳琴云凤珍玉彤\
欣悦怡媛蕾薇月晶妍璐琪瑶涵萱诗梦菲娇";

/// Characters used in given names of either sex (first of two characters only).
pub(crate) const GIVEN_NEUTRAL: &str = "文晓子思雨一安嘉若可志永建小春";

/// Characters that make up company trade names (字号): the auspicious vocabulary of real registrations.
pub(crate) const TRADE_CHARS: &str = "鑫华宏恒盛达瑞祥泰鼎丰源海润诚信宇博通天金嘉隆兴美佳新德创聚汇中\
众远东升旺顺发富荣昌益康乐和安永正联合力科誉晟锦悦辰森越宸";

/// Industry words (行业表述) with relative weights: trade, building and construction dominate the
/// company debtors of enforcement dockets, so they carry the most weight.
#[rustfmt::skip]
pub(crate) const INDUSTRIES: &[(&str, u32)] = &[
    ("商贸", 14), ("建材", 9), ("科技", 10), ("餐饮管理", 5), ("物流", 6), ("建筑工程", 9),
    ("服装", 5), ("电子商务", 6), ("贸易", 8), ("实业", 5), ("网络科技", 5), ("装饰工程", 6),
    ("机械设备", 4), ("纺织品", 3), ("房地产开发", 2), ("汽车销售服务", 3), ("五金制品", 3),
    ("食品", 3), ("化工", 2), ("文化传媒", 3), ("供应链管理", 3), ("环保科技", 2), ("信息技术", 3),
    ("劳务", 3),
];

/// Kind of lender (金融机构申请人): how its name is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LenderKind {
    /// A branch of a national bank: "<bank><place>支行".
    BankBranch(&'static str),
    /// The local rural commercial bank: "浙江<place>农村商业银行股份有限公司".
    RuralBank,
    /// A local small-loan company: "<city>市<district><trade>小额贷款股份有限公司".
    SmallLoan,
}

/// Lenders with relative weights among financial applicants. The large state banks and the postal
/// savings bank lead consumer and small-business lending in county seats; small-loan companies and the
/// rural banks bring a large share of small claims.
pub(crate) const LENDERS: &[(LenderKind, u32)] = &[
    (LenderKind::BankBranch("中国工商银行股份有限公司"), 10),
    (LenderKind::BankBranch("中国农业银行股份有限公司"), 10),
    (LenderKind::BankBranch("中国银行股份有限公司"), 8),
    (LenderKind::BankBranch("中国建设银行股份有限公司"), 10),
    (LenderKind::BankBranch("交通银行股份有限公司"), 5),
    (LenderKind::BankBranch("中国邮政储蓄银行股份有限公司"), 7),
    (LenderKind::BankBranch("招商银行股份有限公司"), 5),
    (LenderKind::BankBranch("中信银行股份有限公司"), 4),
    (LenderKind::BankBranch("上海浦东发展银行股份有限公司"), 4),
    (LenderKind::BankBranch("兴业银行股份有限公司"), 4),
    (LenderKind::BankBranch("中国民生银行股份有限公司"), 4),
    (LenderKind::BankBranch("平安银行股份有限公司"), 4),
    (LenderKind::BankBranch("华夏银行股份有限公司"), 2),
    (LenderKind::BankBranch("浙商银行股份有限公司"), 4),
    (LenderKind::RuralBank, 10),
    (LenderKind::SmallLoan, 4),
    (LenderKind::SmallLoan, 3),
    (LenderKind::SmallLoan, 2),
];

/// Roots of street names; the generator adds 路, 街 or 大道. Common everywhere, so they fit any city.
pub(crate) const ROAD_ROOTS: &[&str] = &[
    "文三",
    "文二",
    "天目山",
    "莫干山",
    "延安",
    "解放",
    "中山",
    "人民",
    "建设",
    "新华",
    "环城",
    "江南",
    "滨江",
    "湖滨",
    "体育场",
    "凤起",
    "庆春",
    "教工",
    "学院",
    "古墩",
    "丰潭",
    "萍水",
    "石桥",
    "秋涛",
    "钱江",
    "东湖",
    "北山",
    "南山",
    "西溪",
    "振华",
    "兴业",
    "工业",
    "商城",
    "世纪",
    "文化",
    "和平",
    "青年",
    "胜利",
    "光明",
    "幸福",
    "长安",
    "江滨",
    "湖东",
    "金城",
    "望江",
    "复兴",
    "迎宾",
    "府前",
    "朝阳",
    "新民",
];

/// Characters for fictional town (镇) and village (村) names in rural addresses.
pub(crate) const PLACE_CHARS: &str = "东西南北新城河桥山湖塘溪港浦坊庄岭湾石岩兴安和平丰埠前后上下";

/// Mobile number prefixes (号段) of the three carriers in use in the 2010s–2020s.
pub(crate) const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155",
    "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184",
    "185", "186", "187", "188", "189", "191", "198", "199",
];
