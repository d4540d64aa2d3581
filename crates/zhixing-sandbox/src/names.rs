//! Name tables: provinces and their cities, the national banks, name characters. Data only; the catalogue
//! and the holdings generator decide how to draw from it.

/// A province-level division: GB/T 2260 code, abbreviation (简称), short name, and the prefecture-level
/// cities that have a city commercial bank (城市商业银行) of their own in the catalogue.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Province {
    pub(crate) code: &'static str,
    pub(crate) abbreviation: &'static str,
    pub(crate) name: &'static str,
    pub(crate) cities: &'static [&'static str],
}

const fn p(
    code: &'static str,
    abbreviation: &'static str,
    name: &'static str,
    cities: &'static [&'static str],
) -> Province {
    Province { code, abbreviation, name, cities }
}

/// The 31 province-level divisions of the mainland.
#[rustfmt::skip]
pub(crate) const PROVINCES: [Province; 31] = [
    p("11", "京", "北京", &["北京"]),
    p("12", "津", "天津", &["天津"]),
    p("13", "冀", "河北", &["石家庄", "唐山", "保定", "邯郸", "沧州", "廊坊", "承德"]),
    p("14", "晋", "山西", &["太原", "大同", "长治", "晋城", "晋中"]),
    p("15", "蒙", "内蒙古", &["呼和浩特", "包头", "鄂尔多斯", "乌海"]),
    p("21", "辽", "辽宁", &["沈阳", "大连", "鞍山", "锦州", "营口", "丹东", "抚顺"]),
    p("22", "吉", "吉林", &["长春", "吉林"]),
    p("23", "黑", "黑龙江", &["哈尔滨", "齐齐哈尔", "龙江"]),
    p("31", "沪", "上海", &["上海"]),
    p("32", "苏", "江苏", &["南京", "苏州", "无锡", "常州", "南通", "扬州", "江苏"]),
    p("33", "浙", "浙江", &["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "台州", "稠州", "泰隆"]),
    p("34", "皖", "安徽", &["合肥", "芜湖", "安庆", "徽商"]),
    p("35", "闽", "福建", &["福州", "厦门", "泉州", "海峡"]),
    p("36", "赣", "江西", &["南昌", "九江", "赣州", "上饶"]),
    p("37", "鲁", "山东", &["济南", "青岛", "烟台", "潍坊", "临沂", "威海", "日照", "齐鲁", "德州"]),
    p("41", "豫", "河南", &["郑州", "洛阳", "开封", "平顶山", "中原"]),
    p("42", "鄂", "湖北", &["武汉", "宜昌", "襄阳", "湖北"]),
    p("43", "湘", "湖南", &["长沙", "株洲", "岳阳", "华融湘江"]),
    p("44", "粤", "广东", &["广州", "深圳", "东莞", "佛山", "珠海", "广东华兴"]),
    p("45", "桂", "广西", &["南宁", "柳州", "桂林", "北部湾"]),
    p("46", "琼", "海南", &["海口", "三亚"]),
    p("50", "渝", "重庆", &["重庆", "重庆三峡"]),
    p("51", "川", "四川", &["成都", "绵阳", "乐山", "宜宾", "泸州", "四川天府"]),
    p("52", "黔", "贵州", &["贵阳", "遵义", "贵州"]),
    p("53", "滇", "云南", &["昆明", "曲靖", "富滇"]),
    p("54", "藏", "西藏", &["拉萨"]),
    p("61", "陕", "陕西", &["西安", "宝鸡", "长安"]),
    p("62", "甘", "甘肃", &["兰州", "甘肃"]),
    p("63", "青", "青海", &["西宁", "青海"]),
    p("64", "宁", "宁夏", &["银川", "石嘴山"]),
    p("65", "新", "新疆", &["乌鲁木齐", "克拉玛依", "昆仑", "库尔勒"]),
];

/// The index in [`PROVINCES`] of a two-digit province code.
pub(crate) fn province_index(code: &str) -> Option<usize> {
    PROVINCES.iter().position(|p| p.code == code)
}

/// The national banks (全国性银行): six large state-owned, twelve joint-stock, three policy banks — with
/// a relative weight as holders of personal accounts (the large banks hold most).
#[rustfmt::skip]
pub(crate) const NATIONAL_BANKS: [(&str, u32); 21] = [
    ("中国工商银行股份有限公司", 16), ("中国农业银行股份有限公司", 14), ("中国银行股份有限公司", 11),
    ("中国建设银行股份有限公司", 14), ("交通银行股份有限公司", 6), ("中国邮政储蓄银行股份有限公司", 10),
    ("招商银行股份有限公司", 6), ("上海浦东发展银行股份有限公司", 3), ("中信银行股份有限公司", 3),
    ("中国光大银行股份有限公司", 3), ("华夏银行股份有限公司", 2), ("中国民生银行股份有限公司", 3),
    ("广发银行股份有限公司", 2), ("兴业银行股份有限公司", 3), ("平安银行股份有限公司", 3),
    ("浙商银行股份有限公司", 1), ("恒丰银行股份有限公司", 1), ("渤海银行股份有限公司", 1),
    ("国家开发银行", 0), ("中国进出口银行", 0), ("中国农业发展银行", 0),
];

/// Sponsors of village banks (村镇银行的主发起行), as their names carry them.
pub(crate) const VILLAGE_BANK_SPONSORS: [&str; 10] =
    ["工银", "建信", "中银富登", "浦发", "民生", "兴业", "国开", "长江", "汇丰", "鼎业"];

/// Characters of generated county names: two of them make a believable 县/市 name.
pub(crate) const PLACE_CHARS: &str = "安平永昌宁丰城阳山河新兴和泰德清源江东西南北华庆康福顺长嘉临\
武文乐成通远定化兰青白龙凤仙桃松柏云溪水石沙岭峰林泉";

/// Surnames (a common subset).
pub(crate) const SURNAMES: &str = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁\
邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆";

pub(crate) const GIVEN_MALE: &str = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆旭宁龙林国建志\
海东峰亮成兵春永光荣新德福生祥胜金庆立振家豪博晨阳";

pub(crate) const GIVEN_FEMALE: &str = "芳娜敏静丽艳娟霞燕玲桂英秀兰萍红梅琳婷雪慧莉倩颖洁佳琴云凤珍玉彤\
欣悦怡媛蕾薇月晶妍璐琪瑶";

/// Characters of company trade names (字号).
pub(crate) const TRADE_CHARS: &str = "鑫华宏恒盛达瑞祥泰鼎丰源海润诚信宇博通天金嘉隆兴美佳新德创聚汇中\
众远东升旺顺发富荣昌益康乐和安永正联合力科誉晟锦悦辰森越";

pub(crate) const INDUSTRIES: [&str; 16] = [
    "商贸",
    "建材",
    "科技",
    "餐饮管理",
    "物流",
    "建筑工程",
    "服装",
    "电子商务",
    "贸易",
    "实业",
    "装饰工程",
    "机械设备",
    "供应链管理",
    "文化传媒",
    "劳务",
    "汽车销售服务",
];

pub(crate) const STREET_WORDS: &str = "人民解放建设中山和平文化胜利新华青年友谊幸福光明朝阳";

pub(crate) const MOBILE_PREFIXES: [&str; 16] = [
    "130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "158", "159", "186", "187", "188",
    "189",
];

/// Border posts (口岸) for exit and entry records.
pub(crate) const BORDER_POSTS: [&str; 8] = [
    "上海浦东国际机场",
    "北京首都国际机场",
    "广州白云国际机场",
    "深圳罗湖口岸",
    "珠海拱北口岸",
    "杭州萧山国际机场",
    "成都天府国际机场",
    "厦门高崎国际机场",
];

/// Vehicle models as registrations describe them.
pub(crate) const VEHICLE_MODELS: [&str; 8] = [
    "小型轿车 大众",
    "小型轿车 丰田",
    "小型普通客车 别克",
    "小型轿车 比亚迪",
    "小型越野客车 吉利",
    "重型半挂牵引车 东风",
    "轻型厢式货车 江淮",
    "小型轿车 奔驰",
];
