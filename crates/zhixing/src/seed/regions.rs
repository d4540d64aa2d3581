//! Administrative divisions (行政区划, GB/T 2260) used by the synthetic province, and a default set of
//! 浙江 courts (法院) to seed when the caller names none.
//!
//! Codes and names are the current county-level divisions of 浙江 as of the early 2020s, plus a few
//! abolished codes (which still appear in older ID numbers) and a sample of counties elsewhere that
//! send many migrant workers to 浙江 (their codes appear in ID numbers of people living in 浙江).

use super::SeedCourt;

/// A county-level division with the names an address, a court name and a company name need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Region {
    /// 6-digit GB/T 2260 code.
    pub(crate) code: u32,
    /// Province-level name, e.g. "浙江省" (for a municipality the municipality itself, "上海市").
    pub(crate) province: &'static str,
    /// Prefecture-level name, e.g. "杭州市" (empty for a municipality's districts).
    pub(crate) city: &'static str,
    /// County-level name, e.g. "西湖区", "桐庐县", "义乌市".
    pub(crate) county: &'static str,
    /// Short form of the county used in branch and office names, e.g. "西湖", "义乌".
    pub(crate) short: &'static str,
    /// Approximate resident population in ten-thousands (2020 census, rounded; used as a court's
    /// relative case volume in [`default_courts`]). Zero for abolished codes.
    pub(crate) population: u32,
}

/// A prefecture-level city of 浙江 with its one-character abbreviation (杭 甬 温 …), used for
/// arbitration award numbers (杭仲裁字) and notarial numbers (浙杭…证字).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct City {
    /// First four digits of the GB/T 2260 code.
    pub(crate) prefix: u32,
    /// The city's name, e.g. "杭州市".
    pub(crate) name: &'static str,
    /// The customary one-character abbreviation.
    pub(crate) abbreviation: &'static str,
}

/// The default courts: every basic court (基层法院) of 浙江 whose 法院代字 follows from its county code
/// (浙 + digits 3–6, LAW.md §10), weighted by population as a stand-in for case volume. Divisions
/// created or reshaped after 2019 (临平区, 钱塘区, 龙港市) are left out because their courts' codes
/// could not be confirmed.
pub(crate) fn default_courts() -> Vec<SeedCourt> {
    ZHEJIANG
        .iter()
        .filter(|r| r.population > 0)
        .map(|r| SeedCourt {
            code: format!("浙{:04}", r.code % 10_000),
            region_code: r.code.to_string(),
            weight: r.population,
        })
        .collect()
}

/// 浙江's county-level divisions. Population 0 marks an abolished code that is still found in ID
/// numbers issued before its abolition (see [`ID_PREDECESSORS`]; 下城区 and 江干区 merged in 2021).
#[rustfmt::skip]
pub(crate) const ZHEJIANG: &[Region] = &[
    zj(330102, "杭州市", "上城区", "上城", 132), zj(330105, "杭州市", "拱墅区", "拱墅", 118),
    zj(330106, "杭州市", "西湖区", "西湖", 111), zj(330108, "杭州市", "滨江区", "滨江", 50),
    zj(330109, "杭州市", "萧山区", "萧山", 201), zj(330110, "杭州市", "余杭区", "余杭", 123),
    zj(330111, "杭州市", "富阳区", "富阳", 83), zj(330112, "杭州市", "临安区", "临安", 64),
    zj(330113, "杭州市", "临平区", "临平", 117), zj(330114, "杭州市", "钱塘区", "钱塘", 77),
    zj(330122, "杭州市", "桐庐县", "桐庐", 45), zj(330127, "杭州市", "淳安县", "淳安", 33),
    zj(330182, "杭州市", "建德市", "建德", 44),
    zj(330103, "杭州市", "下城区", "下城", 0), zj(330104, "杭州市", "江干区", "江干", 0),
    zj(330183, "杭州市", "富阳市", "富阳", 0), zj(330185, "杭州市", "临安市", "临安", 0),
    zj(330283, "宁波市", "奉化市", "奉化", 0), zj(330322, "温州市", "洞头县", "洞头", 0),
    zj(330621, "绍兴市", "绍兴县", "绍兴", 0), zj(330682, "绍兴市", "上虞市", "上虞", 0),
    zj(331021, "台州市", "玉环县", "玉环", 0),
    zj(330203, "宁波市", "海曙区", "海曙", 104), zj(330205, "宁波市", "江北区", "江北", 49),
    zj(330206, "宁波市", "北仑区", "北仑", 83), zj(330211, "宁波市", "镇海区", "镇海", 53),
    zj(330212, "宁波市", "鄞州区", "鄞州", 162), zj(330213, "宁波市", "奉化区", "奉化", 58),
    zj(330225, "宁波市", "象山县", "象山", 57), zj(330226, "宁波市", "宁海县", "宁海", 70),
    zj(330281, "宁波市", "余姚市", "余姚", 125), zj(330282, "宁波市", "慈溪市", "慈溪", 183),
    zj(330302, "温州市", "鹿城区", "鹿城", 115), zj(330303, "温州市", "龙湾区", "龙湾", 77),
    zj(330304, "温州市", "瓯海区", "瓯海", 96), zj(330305, "温州市", "洞头区", "洞头", 10),
    zj(330324, "温州市", "永嘉县", "永嘉", 87), zj(330326, "温州市", "平阳县", "平阳", 86),
    zj(330327, "温州市", "苍南县", "苍南", 84), zj(330328, "温州市", "文成县", "文成", 29),
    zj(330329, "温州市", "泰顺县", "泰顺", 27), zj(330381, "温州市", "瑞安市", "瑞安", 152),
    zj(330382, "温州市", "乐清市", "乐清", 145), zj(330383, "温州市", "龙港市", "龙港", 47),
    zj(330402, "嘉兴市", "南湖区", "南湖", 62), zj(330411, "嘉兴市", "秀洲区", "秀洲", 70),
    zj(330421, "嘉兴市", "嘉善县", "嘉善", 65), zj(330424, "嘉兴市", "海盐县", "海盐", 45),
    zj(330481, "嘉兴市", "海宁市", "海宁", 108), zj(330482, "嘉兴市", "平湖市", "平湖", 69),
    zj(330483, "嘉兴市", "桐乡市", "桐乡", 103),
    zj(330502, "湖州市", "吴兴区", "吴兴", 79), zj(330503, "湖州市", "南浔区", "南浔", 57),
    zj(330521, "湖州市", "德清县", "德清", 55), zj(330522, "湖州市", "长兴县", "长兴", 67),
    zj(330523, "湖州市", "安吉县", "安吉", 59),
    zj(330602, "绍兴市", "越城区", "越城", 92), zj(330603, "绍兴市", "柯桥区", "柯桥", 110),
    zj(330604, "绍兴市", "上虞区", "上虞", 83), zj(330624, "绍兴市", "新昌县", "新昌", 44),
    zj(330681, "绍兴市", "诸暨市", "诸暨", 122), zj(330683, "绍兴市", "嵊州市", "嵊州", 68),
    zj(330702, "金华市", "婺城区", "婺城", 100), zj(330703, "金华市", "金东区", "金东", 50),
    zj(330723, "金华市", "武义县", "武义", 46), zj(330726, "金华市", "浦江县", "浦江", 46),
    zj(330727, "金华市", "磐安县", "磐安", 18), zj(330781, "金华市", "兰溪市", "兰溪", 58),
    zj(330782, "金华市", "义乌市", "义乌", 186), zj(330783, "金华市", "东阳市", "东阳", 109),
    zj(330784, "金华市", "永康市", "永康", 96),
    zj(330802, "衢州市", "柯城区", "柯城", 53), zj(330803, "衢州市", "衢江区", "衢江", 39),
    zj(330822, "衢州市", "常山县", "常山", 26), zj(330824, "衢州市", "开化县", "开化", 25),
    zj(330825, "衢州市", "龙游县", "龙游", 36), zj(330881, "衢州市", "江山市", "江山", 50),
    zj(330902, "舟山市", "定海区", "定海", 51), zj(330903, "舟山市", "普陀区", "普陀", 38),
    zj(330921, "舟山市", "岱山县", "岱山", 20), zj(330922, "舟山市", "嵊泗县", "嵊泗", 7),
    zj(331002, "台州市", "椒江区", "椒江", 66), zj(331003, "台州市", "黄岩区", "黄岩", 65),
    zj(331004, "台州市", "路桥区", "路桥", 60), zj(331022, "台州市", "三门县", "三门", 37),
    zj(331023, "台州市", "天台县", "天台", 45), zj(331024, "台州市", "仙居县", "仙居", 43),
    zj(331081, "台州市", "温岭市", "温岭", 141), zj(331082, "台州市", "临海市", "临海", 115),
    zj(331083, "台州市", "玉环市", "玉环", 64),
    zj(331102, "丽水市", "莲都区", "莲都", 52), zj(331121, "丽水市", "青田县", "青田", 50),
    zj(331122, "丽水市", "缙云县", "缙云", 41), zj(331123, "丽水市", "遂昌县", "遂昌", 19),
    zj(331124, "丽水市", "松阳县", "松阳", 21), zj(331125, "丽水市", "云和县", "云和", 13),
    zj(331126, "丽水市", "庆元县", "庆元", 15), zj(331127, "丽水市", "景宁畲族自治县", "景宁", 11),
    zj(331181, "丽水市", "龙泉市", "龙泉", 25),
];

/// The eleven prefecture-level cities of 浙江.
#[rustfmt::skip]
pub(crate) const ZHEJIANG_CITIES: &[City] = &[
    City { prefix: 3301, name: "杭州市", abbreviation: "杭" },
    City { prefix: 3302, name: "宁波市", abbreviation: "甬" },
    City { prefix: 3303, name: "温州市", abbreviation: "温" },
    City { prefix: 3304, name: "嘉兴市", abbreviation: "嘉" },
    City { prefix: 3305, name: "湖州市", abbreviation: "湖" },
    City { prefix: 3306, name: "绍兴市", abbreviation: "绍" },
    City { prefix: 3307, name: "金华市", abbreviation: "金" },
    City { prefix: 3308, name: "衢州市", abbreviation: "衢" },
    City { prefix: 3309, name: "舟山市", abbreviation: "舟" },
    City { prefix: 3310, name: "台州市", abbreviation: "台" },
    City { prefix: 3311, name: "丽水市", abbreviation: "丽" },
];

/// Counties outside 浙江 whose people often live and work there (安徽, 江西, 河南, 湖南, 四川, and
/// the neighbours 江苏, 上海, 福建). Their codes appear in ID numbers issued at home. (毕节's counties,
/// another large source, are left out: their codes changed in 2011, after every generated birth.)
#[rustfmt::skip]
pub(crate) const ELSEWHERE: &[Region] = &[
    other(340102, "安徽省", "合肥市", "瑶海区", "瑶海"), other(340104, "安徽省", "合肥市", "蜀山区", "蜀山"),
    other(340122, "安徽省", "合肥市", "肥东县", "肥东"), other(340123, "安徽省", "合肥市", "肥西县", "肥西"),
    other(341221, "安徽省", "阜阳市", "临泉县", "临泉"), other(341222, "安徽省", "阜阳市", "太和县", "太和"),
    other(341225, "安徽省", "阜阳市", "阜南县", "阜南"), other(341226, "安徽省", "阜阳市", "颍上县", "颍上"),
    other(361123, "江西省", "上饶市", "玉山县", "玉山"), other(361127, "江西省", "上饶市", "余干县", "余干"),
    other(361128, "江西省", "上饶市", "鄱阳县", "鄱阳"),
    other(411525, "河南省", "信阳市", "固始县", "固始"), other(411526, "河南省", "信阳市", "潢川县", "潢川"),
    other(411623, "河南省", "周口市", "商水县", "商水"), other(411625, "河南省", "周口市", "郸城县", "郸城"),
    other(411627, "河南省", "周口市", "太康县", "太康"),
    other(430523, "湖南省", "邵阳市", "邵阳县", "邵阳"), other(430524, "湖南省", "邵阳市", "隆回县", "隆回"),
    other(511321, "四川省", "南充市", "南部县", "南部"), other(511725, "四川省", "达州市", "渠县", "渠县"),
    other(320506, "江苏省", "苏州市", "吴中区", "吴中"), other(320583, "江苏省", "苏州市", "昆山市", "昆山"),
    other(310112, "上海市", "", "闵行区", "闵行"), other(310115, "上海市", "", "浦东新区", "浦东"),
    other(350121, "福建省", "福州市", "闽侯县", "闽侯"), other(350181, "福建省", "福州市", "福清市", "福清"),
];

/// Divisions created after 2004 and the code they replaced. Generated adults are born 1950–2004 and
/// an ID number keeps the code of the place of first registration, so nobody generated carries the
/// new code: the generator uses the predecessor instead (富阳市 → 富阳区 2014, 临安市 → 临安区 2017,
/// 余杭区 → 临平区 2021, 江干区 → 钱塘区 2021 (in part), 奉化市 → 奉化区 2016, 洞头县 → 洞头区 2015,
/// 苍南县 → 龙港市 2019, 绍兴县 → 柯桥区 2013, 上虞市 → 上虞区 2013, 玉环县 → 玉环市 2017).
pub(crate) const ID_PREDECESSORS: &[(u32, u32)] = &[
    (330111, 330183),
    (330112, 330185),
    (330113, 330110),
    (330114, 330104),
    (330213, 330283),
    (330305, 330322),
    (330383, 330327),
    (330603, 330621),
    (330604, 330682),
    (331083, 331021),
];

/// The 浙江 city whose code prefix (first four digits) is `prefix`.
pub(crate) fn zhejiang_city(prefix: u32) -> Option<&'static City> {
    ZHEJIANG_CITIES.iter().find(|c| c.prefix == prefix)
}

const fn zj(
    code: u32,
    city: &'static str,
    county: &'static str,
    short: &'static str,
    population: u32,
) -> Region {
    Region { code, province: "浙江省", city, county, short, population }
}

const fn other(
    code: u32,
    province: &'static str,
    city: &'static str,
    county: &'static str,
    short: &'static str,
) -> Region {
    Region { code, province, city, county, short, population: 0 }
}
