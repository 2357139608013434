//! Synthetic government work reports of any size, the same shape as `scripts/gen_docs.py`: a
//! livelihood passage restating every annex item, unrelated prose with other figures, an annex.

const THINGS: &[(&str, &str)] = &[
    ("新建幼儿园", "所"),
    ("新增学位", "个"),
    ("改造城镇老旧小区", "个"),
    ("新增公共停车泊位", "个"),
    ("新建城市道路", "公里"),
    ("开展职业技能培训", "万人次"),
    ("新增医疗床位", "张"),
    ("新建社区养老服务中心", "个"),
    ("建设口袋公园", "个"),
    ("改造农村户厕", "万户"),
    ("新建充电桩", "个"),
    ("免费健康体检", "万人"),
    ("新建城市绿道", "公里"),
    ("发放创业担保贷款", "亿元"),
    ("改造供水管网", "公里"),
    ("新建农贸市场", "个"),
];
const PLACES: &[&str] = &[
    "城东", "城西", "河北", "南山", "新区", "高新", "开发", "滨湖", "北苑", "东城", "西湖", "临江",
];

/// A document of about `size` bytes with `clamp(size / 5000, 10, 2000)` annex items.
pub fn document(size: usize) -> String {
    document_with(size, false)
}

/// [`document`], with every second body figure one more than the annex's when `differ`.
pub fn document_with(size: usize, differ: bool) -> String {
    let items = (size / 5000).clamp(10, 2000);
    let mut annex = format!("\n附件\n\n2024年{items}件民生实事项目\n\n");
    let mut passage = format!("（四）办好{items}件民生实事。");
    for i in 0..items {
        let (thing, unit) = THINGS[i % THINGS.len()];
        let place = PLACES[(i / THINGS.len()) % PLACES.len()];
        let value = 10 + (i * 37) % 900;
        annex.push_str(&format!(
            "{}. {place}{thing}{value}{unit}。（牵头单位：市民生办）\n\n",
            i + 1
        ));
        let stated = value + usize::from(differ) * (i % 2);
        passage.push_str(&format!("{place}{thing}{stated}{unit}。"));
    }
    passage.push_str("\n\n");
    let head = "XX市2024年政府工作报告\n\n一、过去一年工作回顾\n\n";
    let mut prose = String::new();
    let mut n = 0;
    while head.len() + prose.len() + passage.len() + annex.len() < size {
        prose.push_str(&format!(
            "全年地区生产总值增长{}%左右，一般公共预算收入完成{}亿元，规模以上工业增加值增长{}%。\
             坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，持续优化营商环境，推动经济运行整体好转。\
             实施重点项目{}个，完成固定资产投资{}亿元，新增市场主体{}户。\n\n",
            5 + n % 3,
            80 + n % 50,
            6 + n % 4,
            100 + n % 90,
            300 + n % 200,
            1000 + n % 900
        ));
        n += 1;
    }
    format!("{head}{prose}二、今年主要任务\n\n{passage}{annex}")
}

/// Characters of the generated place names of [`worst`].
const NAME_CHARS: &[char] = &[
    '东', '西', '南', '北', '山', '水', '湖', '河', '林', '园', '桥', '港', '川', '岭', '泉', '溪',
    '松', '梅', '兰', '竹', '菊', '江', '海', '源',
];

/// A distinct three-character place name for each `k` below 24³.
fn place_name(k: usize) -> String {
    let m = NAME_CHARS.len();
    [k % m, k / m % m, k / m / m % m]
        .iter()
        .map(|&i| NAME_CHARS[i])
        .collect()
}

/// A document built to make alignment candidates explode, as `gen_docs.py worst KIND N`, with
/// `n` annex items:
/// - `similar`: `N. 新建社区服务站{1..7}个(牵头单位:市民政局)。`, the body restating all;
/// - `samevalue`: `n` different subjects, every one stating 3个, the body restating all;
/// - `repeat`: 10 items restated, then the body repeats one clause `n` times;
///
/// with `differ`, every second figure of the body is one more than the annex's.
pub fn worst(kind: &str, n: usize, differ: bool) -> String {
    let items: Vec<(String, usize, &str)> = match kind {
        "similar" => (0..n)
            .map(|i| ("新建社区服务站".to_string(), 1 + i % 7, "个"))
            .collect(),
        "samevalue" => (0..n)
            .map(|i| {
                let thing = THINGS[i % THINGS.len()].0;
                (format!("{}{thing}", place_name(i / THINGS.len())), 3, "个")
            })
            .collect(),
        _ => (0..10)
            .map(|i| {
                let (thing, unit) = THINGS[i % THINGS.len()];
                (format!("{}{thing}", PLACES[0]), 10 + (i * 37) % 900, unit)
            })
            .collect(),
    };
    let stated: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, (s, v, u))| format!("{s}{}{u}", v + usize::from(differ) * (i % 2)))
        .collect();
    let mut doc = format!(
        "XX市2024年政府工作报告\n\n一、今年主要任务\n\n（四）办好民生实事。{}。\n\n",
        stated.join("，")
    );
    if kind == "repeat" {
        doc.push_str(&"新建社区服务站3个，".repeat(n));
        doc.push_str("提升服务水平。\n\n");
    }
    doc.push_str("附件\n\n民生实事项目\n\n");
    for (i, (s, v, u)) in items.iter().enumerate() {
        doc.push_str(&format!("{}. {s}{v}{u}。(牵头单位:市民政局)\n", i + 1));
    }
    doc
}
