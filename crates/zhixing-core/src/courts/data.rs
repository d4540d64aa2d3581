//! The built-in court data (法院代字 and names): the Supreme People's Court, every high court, and one
//! complete province, 浙江 (Zhejiang), down to its basic courts and special courts.
//!
//! Code rules: 最高人民法院关于人民法院案件案号的若干规定 第四条、第五条 (LAW.md §10). An ordinary
//! intermediate court's code is the high court's glyph + GB/T 2260 digits 3–4 of its prefecture; an
//! ordinary basic court's is the glyph + digits 3–6 of its county-level division, as the division stands
//! today (a renamed or re-coded division re-codes its court). Special courts carry their own codes: 72 for
//! a 海事法院 (第五条), and, as seen in case numbers, 86xx for a railway basic court and xx92 for an
//! internet court.
//!
//! Names are written as the provincial court lists write them: the province is not repeated in the name
//! of an intermediate or basic court (杭州市中级人民法院, 杭州市上城区人民法院, 淳安县人民法院); judgments
//! often prefix 浙江省.
//!
//! Sources are given per group below as `[src: …]`; `[rule]` marks a code derived from the 第五条 rule and
//! the current GB/T 2260 code without a case number seen for it.

use super::{Court, CourtKind, CourtLevel};

/// Code of the Supreme People's Court (最高人民法院). 案号若干规定 第四条.
pub(super) const SUPREME_CODE: &str = "最高法";

/// Code of the Zhejiang high court, the province this data holds completely.
pub(super) const ZHEJIANG_CODE: &str = "浙";

/// Every court of the built-in tree, parents before children within each group.
pub(super) fn builtin_courts() -> Vec<Court> {
    let mut courts = Vec::with_capacity(
        1 + HIGH_COURTS.len()
            + HIGH_COURTS_OUTSIDE_PROVINCES.len()
            + zhejiang_ordinary_count()
            + ZHEJIANG_SPECIAL.len(),
    );
    courts.push(SUPREME);
    courts.extend(HIGH_COURTS.iter().map(|&(code, name, region)| high(code, name, region)));
    courts.extend_from_slice(HIGH_COURTS_OUTSIDE_PROVINCES);
    for &(intermediate, basics) in ZHEJIANG {
        let (code, name, region) = intermediate;
        courts.push(ordinary(code, name, CourtLevel::Intermediate, ZHEJIANG_CODE, region));
        courts.extend(
            basics.iter().map(|&(b_code, b_name, b_region)| {
                ordinary(b_code, b_name, CourtLevel::Basic, code, b_region)
            }),
        );
    }
    courts.extend_from_slice(ZHEJIANG_SPECIAL);
    courts
}

/// Number of ordinary (intermediate and basic) Zhejiang courts in [`ZHEJIANG`].
fn zhejiang_ordinary_count() -> usize {
    ZHEJIANG.iter().map(|(_, basics)| 1 + basics.len()).sum()
}

/// One court as a row: (法院代字, name, GB/T 2260 region code).
type Row = (&'static str, &'static str, &'static str);

const SUPREME: Court = Court {
    code: SUPREME_CODE,
    name: "最高人民法院",
    level: CourtLevel::Supreme,
    kind: CourtKind::Ordinary,
    parent: None,
    region_code: None,
};

const fn high(code: &'static str, name: &'static str, region: &'static str) -> Court {
    Court {
        code,
        name,
        level: CourtLevel::High,
        kind: CourtKind::Ordinary,
        parent: Some(SUPREME_CODE),
        region_code: Some(region),
    }
}

const fn ordinary(
    code: &'static str,
    name: &'static str,
    level: CourtLevel,
    parent: &'static str,
    region: &'static str,
) -> Court {
    Court { code, name, level, kind: CourtKind::Ordinary, parent: Some(parent), region_code: Some(region) }
}

/// The high courts of the 31 province-level divisions, in the order of 案号若干规定 第四条, with the
/// province-level GB/T 2260 code. Glyphs: LAW.md §10 [src: freewechat.com MzU1NjMxNTgwMA==/2247510566/1];
/// 黔 seen in （2017）黔民申510号 贵州省高级人民法院 [src: cn.govopendata.com/caipanwenshu/2017/5/25/
/// 7c9be394-5365-4e10-8eb0-c7fcf9fe7f27]; 云 in （2019）云民终296号 云南省高级人民法院 [src:
/// m.64365.com/lawyerCases/info/309293].
const HIGH_COURTS: &[Row] = &[
    ("京", "北京市高级人民法院", "110000"),
    ("津", "天津市高级人民法院", "120000"),
    ("冀", "河北省高级人民法院", "130000"),
    ("晋", "山西省高级人民法院", "140000"),
    ("内", "内蒙古自治区高级人民法院", "150000"),
    ("辽", "辽宁省高级人民法院", "210000"),
    ("吉", "吉林省高级人民法院", "220000"),
    ("黑", "黑龙江省高级人民法院", "230000"),
    ("沪", "上海市高级人民法院", "310000"),
    ("苏", "江苏省高级人民法院", "320000"),
    ("浙", "浙江省高级人民法院", "330000"),
    ("皖", "安徽省高级人民法院", "340000"),
    ("闽", "福建省高级人民法院", "350000"),
    ("赣", "江西省高级人民法院", "360000"),
    ("鲁", "山东省高级人民法院", "370000"),
    ("豫", "河南省高级人民法院", "410000"),
    ("鄂", "湖北省高级人民法院", "420000"),
    ("湘", "湖南省高级人民法院", "430000"),
    ("粤", "广东省高级人民法院", "440000"),
    ("桂", "广西壮族自治区高级人民法院", "450000"),
    ("琼", "海南省高级人民法院", "460000"),
    ("渝", "重庆市高级人民法院", "500000"),
    ("川", "四川省高级人民法院", "510000"),
    ("黔", "贵州省高级人民法院", "520000"),
    ("云", "云南省高级人民法院", "530000"),
    ("藏", "西藏自治区高级人民法院", "540000"),
    ("陕", "陕西省高级人民法院", "610000"),
    ("甘", "甘肃省高级人民法院", "620000"),
    ("青", "青海省高级人民法院", "630000"),
    ("宁", "宁夏回族自治区高级人民法院", "640000"),
    ("新", "新疆维吾尔自治区高级人民法院", "650000"),
];

/// The two high-level courts outside the provinces (案号若干规定 第四条: 军, 兵), placed directly under the
/// Supreme People's Court. The 兵团分院 is formally a branch of the Xinjiang high court but heads the courts
/// of the Production and Construction Corps with its own code; it is a court of general jurisdiction tied
/// to no GB/T 2260 division, hence `Ordinary` with no region code.
const HIGH_COURTS_OUTSIDE_PROVINCES: &[Court] = &[
    Court {
        code: "军",
        name: "中国人民解放军军事法院",
        level: CourtLevel::High,
        kind: CourtKind::Military,
        parent: Some(SUPREME_CODE),
        region_code: None,
    },
    Court {
        code: "兵",
        name: "新疆维吾尔自治区高级人民法院生产建设兵团分院",
        level: CourtLevel::High,
        kind: CourtKind::Ordinary,
        parent: Some(SUPREME_CODE),
        region_code: None,
    },
];

/// Zhejiang's eleven intermediate courts, each with its basic courts, one per county-level division of
/// GB/T 2260 as it stands after the 2021 Hangzhou reorganisation (90 divisions) [src: public copy of the
/// current division list, the 330000 block; checked against the court directory in DiamonWoo/Laosheng.top
/// falv/zhengfa.md, 2022–2025]. Court names: the Zhejiang court selector lists in public code, updated for
/// later renames (临安市→临安区 2017, 奉化市→奉化区 2016, 玉环县→玉环市 2017).
const ZHEJIANG: &[(Row, &[Row])] = &[
    (("浙01", "杭州市中级人民法院", "330100"), HANGZHOU),
    (("浙02", "宁波市中级人民法院", "330200"), NINGBO),
    (("浙03", "温州市中级人民法院", "330300"), WENZHOU),
    (("浙04", "嘉兴市中级人民法院", "330400"), JIAXING),
    (("浙05", "湖州市中级人民法院", "330500"), HUZHOU),
    (("浙06", "绍兴市中级人民法院", "330600"), SHAOXING),
    (("浙07", "金华市中级人民法院", "330700"), JINHUA),
    (("浙08", "衢州市中级人民法院", "330800"), QUZHOU),
    (("浙09", "舟山市中级人民法院", "330900"), ZHOUSHAN),
    (("浙10", "台州市中级人民法院", "331000"), TAIZHOU),
    (("浙11", "丽水市中级人民法院", "331100"), LISHUI),
];

/// 杭州 (浙01). 2021 reorganisation: 下城区 (330103) merged into 拱墅区, 江干区 (330104) split between 上城区
/// and the new 钱塘区; 余杭区 split, creating 临平区. The former 杭州经济技术开发区人民法院 is no longer
/// listed: its area became 钱塘区, whose court is 浙0114. Earlier: 富阳市→富阳区 2014 (330183→330111),
/// 临安市→临安区 2017 (330185→330112).
/// Seen: （2021）浙0109民初9337号 杭州市萧山区人民法院 [src: m.cbi360.net/hhb/sg_2320501/fy_21704776.html];
/// （2019）浙0108民初3122号 杭州市滨江区人民法院 [src: m.cbi360.net/hhb/sg_680078/fy_21139762.html];
/// （2020）浙0111行审149号 on the application of 杭州市富阳区市场监督管理局 (public code); （2025）浙0113刑初59号 杭州市临平区人民法院
/// (public code); （2024）浙0114破1-6号之二 杭州市钱塘区人民法院 (指导性案例252号). Others: [rule].
const HANGZHOU: &[Row] = &[
    ("浙0102", "杭州市上城区人民法院", "330102"),
    ("浙0105", "杭州市拱墅区人民法院", "330105"),
    ("浙0106", "杭州市西湖区人民法院", "330106"),
    ("浙0108", "杭州市滨江区人民法院", "330108"),
    ("浙0109", "杭州市萧山区人民法院", "330109"),
    ("浙0110", "杭州市余杭区人民法院", "330110"),
    ("浙0111", "杭州市富阳区人民法院", "330111"),
    ("浙0112", "杭州市临安区人民法院", "330112"),
    ("浙0113", "杭州市临平区人民法院", "330113"),
    ("浙0114", "杭州市钱塘区人民法院", "330114"),
    ("浙0122", "桐庐县人民法院", "330122"),
    ("浙0127", "淳安县人民法院", "330127"),
    ("浙0182", "建德市人民法院", "330182"),
];

/// 宁波 (浙02). 2016: 江东区 (330204) merged into 鄞州区/海曙区; 奉化市 (330283) became 奉化区 (330213).
/// All [rule]. Left out: 宁波高新技术产业开发区人民法院 (basic court, established 2018-12-24, parent
/// 宁波市中级人民法院 [src: feifmx.com/domesticgd/10000159/20181224/34779619.html]): its 法院代字 could not
/// be verified.
const NINGBO: &[Row] = &[
    ("浙0203", "宁波市海曙区人民法院", "330203"),
    ("浙0205", "宁波市江北区人民法院", "330205"),
    ("浙0206", "宁波市北仑区人民法院", "330206"),
    ("浙0211", "宁波市镇海区人民法院", "330211"),
    ("浙0212", "宁波市鄞州区人民法院", "330212"),
    ("浙0213", "宁波市奉化区人民法院", "330213"),
    ("浙0225", "象山县人民法院", "330225"),
    ("浙0226", "宁海县人民法院", "330226"),
    ("浙0281", "余姚市人民法院", "330281"),
    ("浙0282", "慈溪市人民法院", "330282"),
];

/// 温州 (浙03). 2015: 洞头县 (330322) became 洞头区 (330305). 2019: 龙港市 (330383) split from 苍南县; its
/// court opened 2020-01-21 [src: zjrb.zjol.com.cn/html/2020-01/22/content_3303073.htm]. All [rule].
const WENZHOU: &[Row] = &[
    ("浙0302", "温州市鹿城区人民法院", "330302"),
    ("浙0303", "温州市龙湾区人民法院", "330303"),
    ("浙0304", "温州市瓯海区人民法院", "330304"),
    ("浙0305", "温州市洞头区人民法院", "330305"),
    ("浙0324", "永嘉县人民法院", "330324"),
    ("浙0326", "平阳县人民法院", "330326"),
    ("浙0327", "苍南县人民法院", "330327"),
    ("浙0328", "文成县人民法院", "330328"),
    ("浙0329", "泰顺县人民法院", "330329"),
    ("浙0381", "瑞安市人民法院", "330381"),
    ("浙0382", "乐清市人民法院", "330382"),
    ("浙0383", "龙港市人民法院", "330383"),
];

/// 嘉兴 (浙04). Seen: （2020）浙0481刑初181号 浙江省海宁市人民法院 (public code). Others: [rule].
const JIAXING: &[Row] = &[
    ("浙0402", "嘉兴市南湖区人民法院", "330402"),
    ("浙0411", "嘉兴市秀洲区人民法院", "330411"),
    ("浙0421", "嘉善县人民法院", "330421"),
    ("浙0424", "海盐县人民法院", "330424"),
    ("浙0481", "海宁市人民法院", "330481"),
    ("浙0482", "平湖市人民法院", "330482"),
    ("浙0483", "桐乡市人民法院", "330483"),
];

/// 湖州 (浙05). All [rule]. Left out: 湖州南太湖新区人民法院 (basic court, opened 2019-10-15 [src:
/// zjnews.zjol.com.cn/zjnews/zjxw/201910/t20191015_11190251.shtml]): its 法院代字 could not be verified.
const HUZHOU: &[Row] = &[
    ("浙0502", "湖州市吴兴区人民法院", "330502"),
    ("浙0503", "湖州市南浔区人民法院", "330503"),
    ("浙0521", "德清县人民法院", "330521"),
    ("浙0522", "长兴县人民法院", "330522"),
    ("浙0523", "安吉县人民法院", "330523"),
];

/// 绍兴 (浙06). 2013: 绍兴县 (330621) became 柯桥区 (330603), 上虞市 (330682) became 上虞区 (330604).
/// Seen: （2024）浙0603行审7号 绍兴市柯桥区人民法院 (public code); （2016）浙0604执888号 (public code).
/// Others: [rule].
const SHAOXING: &[Row] = &[
    ("浙0602", "绍兴市越城区人民法院", "330602"),
    ("浙0603", "绍兴市柯桥区人民法院", "330603"),
    ("浙0604", "绍兴市上虞区人民法院", "330604"),
    ("浙0624", "新昌县人民法院", "330624"),
    ("浙0681", "诸暨市人民法院", "330681"),
    ("浙0683", "嵊州市人民法院", "330683"),
];

/// 金华 (浙07). No county-level change since 2001. All [rule].
const JINHUA: &[Row] = &[
    ("浙0702", "金华市婺城区人民法院", "330702"),
    ("浙0703", "金华市金东区人民法院", "330703"),
    ("浙0723", "武义县人民法院", "330723"),
    ("浙0726", "浦江县人民法院", "330726"),
    ("浙0727", "磐安县人民法院", "330727"),
    ("浙0781", "兰溪市人民法院", "330781"),
    ("浙0782", "义乌市人民法院", "330782"),
    ("浙0783", "东阳市人民法院", "330783"),
    ("浙0784", "永康市人民法院", "330784"),
];

/// 衢州 (浙08). All [rule]. Left out: the court of 衢州智造新城 (opened 2023-09 per the Laosheng.top
/// directory): neither its exact name nor its 法院代字 could be verified.
const QUZHOU: &[Row] = &[
    ("浙0802", "衢州市柯城区人民法院", "330802"),
    ("浙0803", "衢州市衢江区人民法院", "330803"),
    ("浙0822", "常山县人民法院", "330822"),
    ("浙0824", "开化县人民法院", "330824"),
    ("浙0825", "龙游县人民法院", "330825"),
    ("浙0881", "江山市人民法院", "330881"),
];

/// 舟山 (浙09). All [rule].
const ZHOUSHAN: &[Row] = &[
    ("浙0902", "舟山市定海区人民法院", "330902"),
    ("浙0903", "舟山市普陀区人民法院", "330903"),
    ("浙0921", "岱山县人民法院", "330921"),
    ("浙0922", "嵊泗县人民法院", "330922"),
];

/// 台州 (浙10). 2017: 玉环县 (331021) became 玉环市 (331083). All [rule].
const TAIZHOU: &[Row] = &[
    ("浙1002", "台州市椒江区人民法院", "331002"),
    ("浙1003", "台州市黄岩区人民法院", "331003"),
    ("浙1004", "台州市路桥区人民法院", "331004"),
    ("浙1022", "三门县人民法院", "331022"),
    ("浙1023", "天台县人民法院", "331023"),
    ("浙1024", "仙居县人民法院", "331024"),
    ("浙1081", "温岭市人民法院", "331081"),
    ("浙1082", "临海市人民法院", "331082"),
    ("浙1083", "玉环市人民法院", "331083"),
];

/// 丽水 (浙11). All [rule].
const LISHUI: &[Row] = &[
    ("浙1102", "丽水市莲都区人民法院", "331102"),
    ("浙1121", "青田县人民法院", "331121"),
    ("浙1122", "缙云县人民法院", "331122"),
    ("浙1123", "遂昌县人民法院", "331123"),
    ("浙1124", "松阳县人民法院", "331124"),
    ("浙1125", "云和县人民法院", "331125"),
    ("浙1126", "庆元县人民法院", "331126"),
    ("浙1127", "景宁畲族自治县人民法院", "331127"),
    ("浙1181", "龙泉市人民法院", "331181"),
];

/// Zhejiang's special courts (专门人民法院 and courts of special jurisdiction). Their jurisdiction is not one
/// division, so they carry no region code.
/// - 宁波海事法院 浙72: （2016）浙72民初1540号 [src: www.nbhsfy.cn/court/NeiRead.aspx?id=7607]; appeals go to
///   the high court: （2019）浙72民初9号 → （2019）浙民终651号 [src: m.mrnlawyer.com/?c=msg&id=2454].
/// - 杭州铁路运输法院 浙8601: （2017）浙8601民初4034号 [src: cyberlaw.chinalaw.org.cn/portal/article/index/
///   id/1040.html]; it is listed under 杭州 in the provincial court lists and its appeals go to 杭州中院.
/// - 杭州互联网法院 浙0192: （2024）浙0192民初1779号 and other case numbers attributed to it in public
///   code (no judgment text seen); the same xx92 pattern as 北京 (京0491) and 广州 (粤0192). Parent 杭州中院, which hears
///   its appeals (最高人民法院关于互联网法院审理案件若干问题的规定).
///
/// 跨行政区划 and 集中管辖 courts: Zhejiang has no 跨行政区划法院; 杭州铁路运输法院 also hears the
/// administrative cases centralised to it, which does not change its place in the tree.
const ZHEJIANG_SPECIAL: &[Court] = &[
    Court {
        code: "浙0192",
        name: "杭州互联网法院",
        level: CourtLevel::Basic,
        kind: CourtKind::Internet,
        parent: Some("浙01"),
        region_code: None,
    },
    Court {
        code: "浙8601",
        name: "杭州铁路运输法院",
        level: CourtLevel::Basic,
        kind: CourtKind::Railway,
        parent: Some("浙01"),
        region_code: None,
    },
    Court {
        code: "浙72",
        name: "宁波海事法院",
        level: CourtLevel::Intermediate,
        kind: CourtKind::Maritime,
        parent: Some(ZHEJIANG_CODE),
        region_code: None,
    },
];
