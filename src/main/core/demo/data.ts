import type { Region } from '../../../shared/attendee';

/** Tables behind the demo roster: names, organisations, titles and the shape of each category. */

export type Gender = 'm' | 'f';
export type Weighted<T> = readonly (readonly [value: T, weight: number])[];

const chars = (s: string): string[] => Array.from(s);
const words = (s: string): string[] => s.split(' ');

/** Surname, its romanisation as a surname, and a weight roughly proportional to its share of the population. */
export type Surname = readonly [zh: string, romanised: string, weight: number];

export const MAINLAND_SURNAMES: readonly Surname[] = [
  ['王', 'WANG', 710], ['李', 'LI', 700], ['张', 'ZHANG', 640], ['刘', 'LIU', 540], ['陈', 'CHEN', 460],
  ['杨', 'YANG', 310], ['黄', 'HUANG', 250], ['赵', 'ZHAO', 230], ['吴', 'WU', 200], ['周', 'ZHOU', 190],
  ['徐', 'XU', 140], ['孙', 'SUN', 140], ['马', 'MA', 130], ['朱', 'ZHU', 120], ['胡', 'HU', 110],
  ['郭', 'GUO', 110], ['何', 'HE', 110], ['林', 'LIN', 100], ['高', 'GAO', 100], ['罗', 'LUO', 100],
  ['郑', 'ZHENG', 90], ['梁', 'LIANG', 80], ['谢', 'XIE', 80], ['宋', 'SONG', 70], ['唐', 'TANG', 70],
  ['许', 'XU', 60], ['韩', 'HAN', 60], ['邓', 'DENG', 60], ['冯', 'FENG', 60], ['曹', 'CAO', 60],
  ['彭', 'PENG', 60], ['曾', 'ZENG', 60], ['肖', 'XIAO', 50], ['田', 'TIAN', 50], ['董', 'DONG', 50],
  ['潘', 'PAN', 40], ['袁', 'YUAN', 40], ['蔡', 'CAI', 40], ['蒋', 'JIANG', 40], ['余', 'YU', 40],
  ['于', 'YU', 40], ['杜', 'DU', 40], ['叶', 'YE', 40], ['程', 'CHENG', 40], ['魏', 'WEI', 30],
  ['苏', 'SU', 30], ['吕', 'LYU', 30], ['丁', 'DING', 30], ['任', 'REN', 30], ['卢', 'LU', 30],
  ['姚', 'YAO', 30], ['沈', 'SHEN', 30], ['钟', 'ZHONG', 30], ['姜', 'JIANG', 30], ['崔', 'CUI', 30],
  ['谭', 'TAN', 30], ['陆', 'LU', 30], ['范', 'FAN', 20], ['汪', 'WANG', 20], ['廖', 'LIAO', 20],
  ['石', 'SHI', 20], ['金', 'JIN', 20], ['韦', 'WEI', 20], ['贾', 'JIA', 20], ['夏', 'XIA', 20],
  ['付', 'FU', 20], ['方', 'FANG', 20], ['邹', 'ZOU', 20], ['熊', 'XIONG', 20], ['白', 'BAI', 20],
  ['孟', 'MENG', 20], ['秦', 'QIN', 20], ['邱', 'QIU', 20], ['侯', 'HOU', 20], ['江', 'JIANG', 20],
  ['尹', 'YIN', 20], ['薛', 'XUE', 20], ['闫', 'YAN', 20], ['段', 'DUAN', 20], ['雷', 'LEI', 20],
  ['龙', 'LONG', 20], ['黎', 'LI', 20], ['史', 'SHI', 20], ['陶', 'TAO', 20], ['贺', 'HE', 20],
  ['毛', 'MAO', 15], ['郝', 'HAO', 15], ['顾', 'GU', 15], ['龚', 'GONG', 15], ['邵', 'SHAO', 15],
  ['万', 'WAN', 15], ['武', 'WU', 15], ['钱', 'QIAN', 15], ['戴', 'DAI', 15], ['严', 'YAN', 15],
  ['覃', 'QIN', 10], ['莫', 'MO', 10], ['孔', 'KONG', 10], ['向', 'XIANG', 10], ['常', 'CHANG', 10],
  ['汤', 'TANG', 10], ['康', 'KANG', 10], ['易', 'YI', 10], ['乔', 'QIAO', 10], ['赖', 'LAI', 10],
  ['文', 'WEN', 10], ['施', 'SHI', 10], ['洪', 'HONG', 10], ['辛', 'XIN', 5], ['柯', 'KE', 5],
  ['庄', 'ZHUANG', 5], ['翟', 'ZHAI', 5], ['乐', 'YUE', 3], ['缪', 'MIAO', 3],
  // Read differently as surnames than as ordinary words.
  ['单', 'SHAN', 5], ['解', 'XIE', 4], ['仇', 'QIU', 2], ['区', 'OU', 2], ['查', 'ZHA', 3],
  ['朴', 'PIAO', 3], ['盖', 'GE', 2],
  ['欧阳', 'OUYANG', 6], ['司马', 'SIMA', 1], ['诸葛', 'ZHUGE', 1], ['上官', 'SHANGGUAN', 1], ['东方', 'DONGFANG', 1],
];

/** Names as Hong Kong, Macao and Taiwan attendees write them (traditional characters) with their local romanisation. */
export const REGIONAL_SURNAMES: Record<'hong_kong' | 'macao' | 'taiwan', readonly Surname[]> = {
  hong_kong: [
    ['陳', 'CHAN', 10], ['黃', 'WONG', 8], ['李', 'LEE', 7], ['張', 'CHEUNG', 6], ['梁', 'LEUNG', 5],
    ['劉', 'LAU', 4], ['林', 'LAM', 4], ['吳', 'NG', 4], ['何', 'HO', 4], ['王', 'WONG', 3], ['鄭', 'CHENG', 3],
    ['周', 'CHOW', 3], ['葉', 'YIP', 2], ['曾', 'TSANG', 2], ['謝', 'TSE', 2], ['盧', 'LO', 2], ['鄧', 'TANG', 2],
    ['馮', 'FUNG', 2], ['蔡', 'CHOI', 2], ['郭', 'KWOK', 2], ['麥', 'MAK', 2], ['胡', 'WOO', 2], ['區', 'AU', 1],
    ['歐陽', 'AU-YEUNG', 1], ['司徒', 'SZETO', 1],
  ],
  macao: [
    ['陳', 'CHAN', 10], ['黃', 'VONG', 6], ['李', 'LEI', 6], ['梁', 'LEONG', 5], ['張', 'CHEONG', 4], ['何', 'HO', 4],
    ['吳', 'NG', 3], ['劉', 'LAO', 3], ['林', 'LAM', 3], ['譚', 'TAM', 2], ['鄭', 'CHEANG', 2], ['區', 'AO', 1],
    ['歐陽', 'AU YEONG', 1],
  ],
  taiwan: [
    ['陳', 'CHEN', 11], ['林', 'LIN', 8], ['黃', 'HUANG', 6], ['張', 'CHANG', 5], ['李', 'LEE', 5], ['王', 'WANG', 4],
    ['吳', 'WU', 4], ['劉', 'LIU', 3], ['蔡', 'TSAI', 3], ['楊', 'YANG', 3], ['許', 'HSU', 2], ['鄭', 'CHENG', 2],
    ['謝', 'HSIEH', 2], ['郭', 'KUO', 2], ['洪', 'HUNG', 2], ['曾', 'TSENG', 2], ['邱', 'CHIU', 2], ['廖', 'LIAO', 2],
    ['賴', 'LAI', 2], ['周', 'CHOU', 2], ['徐', 'HSU', 1], ['蘇', 'SU', 1], ['葉', 'YEH', 1], ['莊', 'CHUANG', 1],
    ['江', 'CHIANG', 1], ['歐陽', 'OUYANG', 1],
  ],
};

export const REGIONAL_GIVEN_NAMES: Record<'hong_kong' | 'macao' | 'taiwan', readonly (readonly [zh: string, romanised: string])[]> = {
  hong_kong: [
    ['大文', 'Tai Man'], ['家輝', 'Ka Fai'], ['嘉欣', 'Ka Yan'], ['詠詩', 'Wing Sze'], ['志強', 'Chi Keung'],
    ['偉明', 'Wai Ming'], ['美儀', 'Mei Yee'], ['子晴', 'Tsz Ching'], ['浩然', 'Ho Yin'], ['凱琳', 'Hoi Lam'],
    ['俊傑', 'Chun Kit'], ['家樂', 'Ka Lok'], ['慧敏', 'Wai Man'], ['卓謙', 'Cheuk Him'], ['穎欣', 'Wing Yan'],
    ['國榮', 'Kwok Wing'], ['少芬', 'Siu Fan'], ['建華', 'Kin Wah'], ['嘉琪', 'Ka Kei'], ['翠玲', 'Chui Ling'],
  ],
  macao: [
    ['家輝', 'Ka Fai'], ['嘉欣', 'Ka Ian'], ['志強', 'Chi Keong'], ['偉明', 'Wai Meng'], ['詠詩', 'Weng Si'],
    ['浩然', 'Hou In'], ['美儀', 'Mei I'], ['俊傑', 'Chon Kit'], ['家樂', 'Ka Lok'], ['慧敏', 'Wai Man'],
    ['國榮', 'Kuok Weng'], ['少芬', 'Sio Fan'], ['文華', 'Man Wa'], ['嘉雯', 'Ka Man'],
  ],
  taiwan: [
    ['志明', 'Chih-Ming'], ['淑芬', 'Shu-Fen'], ['雅婷', 'Ya-Ting'], ['家豪', 'Chia-Hao'], ['怡君', 'Yi-Chun'],
    ['建宏', 'Chien-Hung'], ['美玲', 'Mei-Ling'], ['俊傑', 'Chun-Chieh'], ['宗翰', 'Tsung-Han'], ['佩珊', 'Pei-Shan'],
    ['冠宇', 'Kuan-Yu'], ['欣怡', 'Hsin-Yi'], ['承恩', 'Cheng-En'], ['柏翰', 'Po-Han'], ['詩涵', 'Shih-Han'],
    ['彥廷', 'Yen-Ting'], ['郁婷', 'Yu-Ting'], ['信宏', 'Hsin-Hung'], ['惠如', 'Hui-Ju'], ['哲瑋', 'Che-Wei'],
  ],
};

interface GivenNamePool {
  single: readonly string[];
  whole: readonly string[];
  first: readonly string[];
  second: readonly string[];
  /** Characters outside GB2312 that parents pick for their sound and meaning; they test fonts and encodings. */
  rare: readonly string[];
}

export const GIVEN_NAMES: Record<Gender, GivenNamePool> = {
  m: {
    single: chars('伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林峰毅昊睿晨亮阳森雷坤彬'),
    whole: words('建华 建国 志强 国强 建军 晓东 海涛 俊杰 浩然 子轩 宇航 志伟 明辉 文博 伟东 振华 晓明 立新 永刚 天宇 鹏飞 思远 家豪 一鸣 博文 泽宇 嘉诚 子豪 浩宇 亚军'),
    first: chars('志建文明海晓永国俊天子浩宇振立家嘉思博鹏泽一承新德世成少'),
    second: chars('伟强军华明东峰杰涛辉鹏飞斌磊波宇轩豪航然林凯龙远平亮成刚毅睿'),
    rare: chars('堃喆昇垚燊犇翀晧赟昉彧旻璟'),
  },
  f: {
    single: chars('芳娜敏静丽艳娟霞燕玲琳颖倩雪婷慧莉蕾洁瑶琪萍红梅欣怡璐丹晶婧'),
    whole: words('秀英 桂英 玉兰 秀兰 婷婷 子涵 欣怡 雨萱 思琪 晓燕 丽娟 海燕 佳怡 梦洁 诗涵 雅琴 慧敏 晓丽 春梅 冬梅 静怡 一诺 雨桐 可欣 心怡 美玲 晓红 丽华 淑华 艳红'),
    first: chars('秀丽晓婷雅欣思佳雨梦诗静慧美春海玉子一心可紫若书嘉文'),
    second: chars('英兰芳娟燕琳怡琪萱涵婷洁雪敏丽霞红梅萍颖璐妍楠悦薇蕾彤宁倩瑶'),
    rare: chars('玥珺瑄祎琤璟旻芃'),
  },
};

export type Country = 'us' | 'uk' | 'fr' | 'de' | 'jp' | 'kr' | 'es' | 'it' | 'ru' | 'ar' | 'in' | 'br' | 'ng';

export const FOREIGN_NAMES: Record<Country, { given: readonly string[]; family: readonly string[] }> = {
  us: { given: words('James Emily Michael Sarah David Jennifer Daniel Rachel Christopher Ashley'), family: words('Smith Johnson Williams Miller Davis Anderson Thompson Moore Jackson Harris') },
  uk: { given: words('Oliver Charlotte Harry Amelia George Sophie William Eleanor Thomas Hannah'), family: words('Taylor Brown Wilson Davies Evans Clarke Robinson Walker Wright Hughes') },
  fr: { given: words('Camille Julien Élodie Antoine Mathilde Nicolas Chloé François Léa Mathieu'), family: words('Dubois Lefèvre Moreau Laurent Girard Fontaine Rousseau Mercier Bonnet Chevalier') },
  de: { given: words('Lukas Anna Felix Katharina Jonas Lena Matthias Sophie Tobias Julia'), family: words('Müller Schmidt Schneider Fischer Weber Becker Hoffmann Schäfer Koch Wagner') },
  jp: { given: words('Haruto Yui Takeshi Aiko Kenji Sakura Hiroshi Yuki Daisuke Naomi'), family: words('Tanaka Suzuki Takahashi Watanabe Yamamoto Nakamura Kobayashi Sato Ito Kato') },
  kr: { given: words('Min-jun Ji-woo Seo-yeon Hyun-woo Ji-hoon Su-bin Do-yoon Ha-eun'), family: words('Kim Lee Park Choi Jung Kang Cho Yoon') },
  es: { given: words('Alejandro Lucía Carlos Sofía Javier Valentina Diego Carmen Pablo Isabel'), family: words('García Martínez Rodríguez López Hernández González Sánchez Ramírez Torres Flores') },
  it: { given: words('Marco Giulia Alessandro Chiara Lorenzo Francesca Matteo Elena Davide Sara'), family: words('Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco') },
  ru: { given: words('Dmitry Sergei Alexei Ivan Nikolai Mikhail Andrei Pavel'), family: words('Ivanov Petrov Volkov Sokolov Kuznetsov Smirnov Popov Lebedev') },
  ar: { given: words('Ahmed Fatima Omar Layla Youssef Mariam Khaled Nour Tarek Salma'), family: words('Hassan Al-Masri Haddad Khalil Nasser Mansour Saleh Ibrahim') },
  in: { given: words('Arjun Priya Rahul Ananya Vikram Deepika Rohan Kavya Sanjay Meera'), family: words('Sharma Patel Iyer Reddy Nair Gupta Menon Chatterjee') },
  br: { given: words('João Ana Pedro Beatriz Lucas Mariana Rafael Juliana Gabriel Larissa'), family: words('Silva Santos Oliveira Souza Costa Pereira Almeida Carvalho') },
  ng: { given: words('Chinedu Amina Oluwaseun Ngozi Emeka Zainab Tunde Chiamaka'), family: words('Okafor Adeyemi Okonkwo Bello Nwosu Abubakar Eze Balogun') },
};

/** Full names of 35–45 letters, for badge text fitting. */
export const LONG_FOREIGN_NAMES: readonly (readonly [given: string, family: string])[] = [
  ['Maximilian Alexander', 'von Hohenzollern-Sigmaringen'],
  ['María Guadalupe', 'Fernández de Castro y Villanueva'],
  ['Oluwaseun Adebayo', 'Oluwadamilare-Ogunleye'],
  ['Anna-Katharina Friederike', 'von Schwarzenberg'],
  ['Muhammad Abdul Rahman', 'bin Abdullah Al-Hashimi'],
  ['Jean-Baptiste Emmanuel', 'de La Rochefoucauld'],
  ['Srinivasaraghavan', 'Venkataramanan Subramaniam'],
  ['Francisco Javier', 'Rodríguez de la Fuente Valderrama'],
];

export interface Organisation {
  zh: string;
  en: string | null;
  /** Mail domain of its staff; null where people use personal mail. */
  domain: string | null;
}

export interface ForeignOrganisation {
  zh: string | null;
  en: string;
  domain: string;
  country: Country;
}

/** 'organiser' is the event's own organising committee, named after the event at generation time. */
export type MainlandOrgKind = 'central-media' | 'local-media' | 'university' | 'tech' | 'institution' | 'campus' | 'organiser';

const org = (zh: string, en: string | null, domain: string | null): Organisation => ({ zh, en, domain });
const foreign = (en: string, zh: string | null, domain: string, country: Country): ForeignOrganisation => ({ zh, en, domain, country });

export const MAINLAND_ORGS: Record<Exclude<MainlandOrgKind, 'organiser'>, readonly Organisation[]> = {
  'central-media': [
    org('人民日报社', "People's Daily", 'people.cn'), org('新华通讯社', 'Xinhua News Agency', 'news.cn'),
    org('中央广播电视总台', 'China Media Group', 'cctv.com'), org('光明日报社', 'Guangming Daily', 'gmw.cn'),
    org('经济日报社', 'Economic Daily', 'ce.cn'), org('中国日报社', 'China Daily', 'chinadaily.com.cn'),
    org('中国新闻社', 'China News Service', 'chinanews.com.cn'), org('求是杂志社', 'Qiushi Journal', 'qstheory.cn'),
    org('中国青年报社', 'China Youth Daily', 'cyol.com'), org('科技日报社', 'Science and Technology Daily', 'stdaily.com'),
    org('人民网', "People's Daily Online", 'people.com.cn'), org('新华网', 'Xinhuanet', 'xinhuanet.com'),
    org('央视网', 'CCTV.com', 'cctv.com'), org('中国网', 'China.org.cn', 'china.org.cn'),
    org('中国国际电视台', 'CGTN', 'cgtn.com'), org('中国外文局', 'China International Communications Group', 'cicg.org.cn'),
  ],
  'local-media': [
    org('湖南广播影视集团', 'Hunan Broadcasting System', 'hunantv.com'), org('芒果超媒', 'Mango Excellent Media', 'mgtv.com'),
    org('湖南日报社', 'Hunan Daily', 'voc.com.cn'), org('红网', 'rednet.cn', 'rednet.cn'),
    org('长沙市融媒体中心', null, null), org('澎湃新闻', 'The Paper', 'thepaper.cn'),
    org('上海报业集团', 'Shanghai United Media Group', 'sumg.com.cn'), org('南方报业传媒集团', 'Nanfang Media Group', 'southcn.com'),
    org('浙江日报报业集团', 'Zhejiang Daily Press Group', 'zjol.com.cn'), org('北京日报社', 'Beijing Daily', 'bjd.com.cn'),
    org('新京报社', 'The Beijing News', 'bjnews.com.cn'), org('封面新闻', 'Cover News', 'thecover.cn'),
    org('潇湘晨报', 'Xiaoxiang Morning Herald', 'xxcb.cn'), org('长沙晚报社', 'Changsha Evening News', null),
    org('湖北日报传媒集团', 'Hubei Daily Media Group', 'hubeidaily.net'), org('大众报业集团', 'Dazhong Newspaper Group', 'dzwww.com'),
    org('四川日报报业集团', 'Sichuan Daily Newspaper Group', 'scdaily.cn'), org('界面新闻', 'Jiemian News', 'jiemian.com'),
    org('财新传媒', 'Caixin Media', 'caixin.com'), org('浏阳市融媒体中心', null, null), org('宁乡市融媒体中心', null, null),
    org('株洲市融媒体中心', null, null), org('湘潭市融媒体中心', null, null), org('岳阳市融媒体中心', null, null),
    org('常德市融媒体中心', null, null), org('湖南教育电视台', null, null),
  ],
  university: [
    org('中国传媒大学', 'Communication University of China', 'cuc.edu.cn'), org('湖南大学', 'Hunan University', 'hnu.edu.cn'),
    org('中南大学', 'Central South University', 'csu.edu.cn'), org('湖南师范大学', 'Hunan Normal University', 'hunnu.edu.cn'),
    org('清华大学', 'Tsinghua University', 'tsinghua.edu.cn'), org('北京大学', 'Peking University', 'pku.edu.cn'),
    org('中国人民大学', 'Renmin University of China', 'ruc.edu.cn'), org('复旦大学', 'Fudan University', 'fudan.edu.cn'),
    org('武汉大学', 'Wuhan University', 'whu.edu.cn'), org('暨南大学', 'Jinan University', 'jnu.edu.cn'),
    org('中国社会科学院新闻与传播研究所', 'Institute of Journalism and Communication, CASS', 'cass.org.cn'),
  ],
  tech: [
    org('腾讯', 'Tencent', 'tencent.com'), org('字节跳动', 'ByteDance', 'bytedance.com'), org('百度', 'Baidu', 'baidu.com'),
    org('阿里巴巴集团', 'Alibaba Group', 'alibaba-inc.com'), org('华为技术有限公司', 'Huawei Technologies', 'huawei.com'),
    org('科大讯飞', 'iFLYTEK', 'iflytek.com'), org('新浪微博', 'Weibo', 'weibo.com'), org('快手', 'Kuaishou', 'kuaishou.com'),
    org('哔哩哔哩', 'Bilibili', 'bilibili.com'), org('小红书', 'Xiaohongshu', 'xiaohongshu.com'),
    org('咪咕文化科技有限公司', 'MIGU', 'migu.cn'), org('拓维信息', 'Talkweb', 'talkweb.com.cn'),
    org('网易', 'NetEase', 'corp.netease.com'), org('索贝数码', 'Sobey', 'sobey.com'),
    org('万兴科技', 'Wondershare', 'wondershare.cn'), org('湖南快乐阳光互动娱乐传媒有限公司', 'Happy Sunshine Interactive', null),
  ],
  institution: [
    org('中国记者协会', 'All-China Journalists Association', 'zgjx.cn'),
    org('中央网信办', 'Cyberspace Administration of China', 'cac.gov.cn'),
    org('国家广播电视总局', 'National Radio and Television Administration', 'nrta.gov.cn'),
    org('湖南省委宣传部', 'Publicity Department of the CPC Hunan Provincial Committee', null),
    org('湖南省委网信办', null, null), org('湖南省记者协会', 'Hunan Journalists Association', null),
    org('长沙市委宣传部', null, null), org('马栏山视频文创产业园', 'Malanshan Video Cultural and Creative Industrial Park', null),
  ],
  campus: [
    org('湖南大学', 'Hunan University', 'hnu.edu.cn'), org('中南大学', 'Central South University', 'csu.edu.cn'),
    org('湖南师范大学', 'Hunan Normal University', 'hunnu.edu.cn'),
    org('长沙理工大学', 'Changsha University of Science and Technology', 'csust.edu.cn'),
    org('湖南工商大学', 'Hunan University of Technology and Business', 'hutb.edu.cn'),
    org('湖南大众传媒职业技术学院', 'Hunan Mass Media Vocational and Technical College', null),
  ],
};

export const REGIONAL_MEDIA: Record<'hong_kong' | 'macao' | 'taiwan', readonly Organisation[]> = {
  hong_kong: [
    org('香港文汇报', 'Wen Wei Po', 'wenweipo.com'), org('大公报', 'Ta Kung Pao', 'takungpao.com'),
    org('香港电台', 'RTHK', 'rthk.hk'), org('凤凰卫视', 'Phoenix TV', 'phoenixtv.com'),
    org('香港商报', 'Hong Kong Commercial Daily', 'hkcd.com'), org('星岛日报', 'Sing Tao Daily', 'singtao.com'),
    org('香港经济日报', 'Hong Kong Economic Times', 'hket.com'), org('无线电视', 'TVB', 'tvb.com.hk'),
    org('南华早报', 'South China Morning Post', 'scmp.com'), org('香港01', 'HK01', 'hk01.com'),
    org('点新闻', 'dotdotnews', 'dotdotnews.com'), org('香港中国通讯社', 'Hong Kong China News Agency', 'hkcna.hk'),
  ],
  macao: [
    org('澳门日报', 'Macao Daily News', 'macaodaily.com'), org('澳门广播电视', 'TDM', 'tdm.com.mo'),
    org('濠江日报', 'Hou Kong Daily', null), org('市民日报', 'Si Man Daily', null),
    org('澳门力报', 'Exmoo News', 'exmoo.com'), org('华侨报', 'Va Kio Daily', null),
  ],
  taiwan: [
    org('旺报', 'Want Daily', 'wantdaily.com'), org('中天电视', 'CTi TV', 'ctitv.com.tw'),
    org('中国时报', 'China Times', 'chinatimes.com'), org('联合报', 'United Daily News', 'udn.com'),
    org('TVBS', 'TVBS', 'tvbs.com.tw'), org('东森新闻', 'EBC News', 'ebc.net.tw'), org('远见杂志', 'Global Views Monthly', 'gvm.com.tw'),
  ],
};

export const FOREIGN_MEDIA: readonly ForeignOrganisation[] = [
  foreign('Reuters', '路透社', 'reuters.com', 'uk'), foreign('Associated Press', '美联社', 'ap.org', 'us'),
  foreign('Agence France-Presse', '法新社', 'afp.com', 'fr'), foreign('BBC', '英国广播公司', 'bbc.co.uk', 'uk'),
  foreign('CNN', '美国有线电视新闻网', 'cnn.com', 'us'), foreign('Bloomberg', '彭博社', 'bloomberg.net', 'us'),
  foreign('NHK', '日本广播协会', 'nhk.or.jp', 'jp'), foreign('Kyodo News', '共同社', 'kyodonews.jp', 'jp'),
  foreign('Yonhap News Agency', '韩联社', 'yna.co.kr', 'kr'), foreign('KBS', null, 'kbs.co.kr', 'kr'),
  foreign('Le Monde', '世界报', 'lemonde.fr', 'fr'), foreign('Der Spiegel', '明镜周刊', 'spiegel.de', 'de'),
  foreign('Deutsche Presse-Agentur', '德新社', 'dpa.com', 'de'), foreign('Al Jazeera', '半岛电视台', 'aljazeera.net', 'ar'),
  foreign('Agencia EFE', '埃菲社', 'efe.com', 'es'), foreign('ANSA', '安莎社', 'ansa.it', 'it'),
  foreign('TASS', '塔斯社', 'tass.ru', 'ru'), foreign('The Hindu', null, 'thehindu.co.in', 'in'),
  foreign('Folha de S.Paulo', null, 'grupofolha.com.br', 'br'), foreign('Nation Media Group', null, 'nationmedia.com', 'ng'),
  foreign('Corriere della Sera', '晚邮报', 'corriere.it', 'it'), foreign('El País', '国家报', 'elpais.es', 'es'),
];

export const FOREIGN_UNIVERSITIES: readonly ForeignOrganisation[] = [
  foreign('University of Oxford', '牛津大学', 'ox.ac.uk', 'uk'), foreign('Columbia University', '哥伦比亚大学', 'columbia.edu', 'us'),
  foreign('The University of Tokyo', '东京大学', 'u-tokyo.ac.jp', 'jp'), foreign('Sciences Po', '巴黎政治学院', 'sciencespo.fr', 'fr'),
  foreign('Freie Universität Berlin', '柏林自由大学', 'fu-berlin.de', 'de'), foreign('Seoul National University', '首尔大学', 'snu.ac.kr', 'kr'),
  foreign('Moscow State University', '莫斯科国立大学', 'msu.ru', 'ru'), foreign('University of São Paulo', '圣保罗大学', 'usp.br', 'br'),
];

export const WEBMAIL: Record<Region, readonly string[]> = {
  mainland: words('qq.com qq.com 163.com 126.com foxmail.com sina.com'),
  hong_kong: words('gmail.com yahoo.com.hk netvigator.com'),
  macao: words('gmail.com macau.ctm.net'),
  taiwan: words('gmail.com yahoo.com.tw hotmail.com'),
  abroad: words('gmail.com outlook.com proton.me'),
};

export const TITLES = {
  media: words('记者 记者 记者 编辑 编辑 摄影记者 摄像记者 首席记者 主编 部门主任 副主任 制片人 主持人 新媒体编辑 总编辑'),
  mediaEn: ['Correspondent', 'Correspondent', 'Reporter', 'Reporter', 'Bureau Chief', 'Editor', 'Photographer', 'Video Journalist', 'Producer', 'Editor-in-Chief'],
  regionalMedia: words('记者 记者 编辑 摄影记者 采访主任 主播 副总编辑 总编辑 社长'),
  leader: words('社长 总编辑 副社长 副总编辑 董事长 总经理 党委书记 院长 局长 副局长 秘书长 主席 副主席'),
  leaderEn: ['Director-General', 'President', 'Editor-in-Chief', 'Chief Executive', 'Professor', 'Head of Digital'],
  speaker: words('教授 院长 总编辑 副总裁 首席技术官 研究员 主任 总经理 副院长 首席科学家'),
  delegate: words('主任 副主任 编辑 记者 总监 部门经理 副教授 教授 研究员 处长 科长 主编 运营总监'),
  exhibitor: words('销售经理 产品经理 市场总监 解决方案架构师 工程师 商务经理 展台负责人'),
  committee: words('社长 总编辑 副总编辑 主任 总经理 党委书记 副社长'),
  trainee: words('记者 编辑 主任 副主任 编导 新媒体编辑 融媒体中心主任'),
  staff: words('工作人员 工作人员 会务组 联络员 技术保障'),
  volunteer: words('志愿者'),
} satisfies Record<string, readonly string[]>;
export type TitleSet = keyof typeof TITLES;

/** How people of one category look: their share of the roster, where they come from, what they register for. */
export interface CategoryProfile {
  /** Per thousand attendees. */
  share: number;
  regions: Weighted<Region>;
  orgs: Weighted<MainlandOrgKind>;
  titles: TitleSet;
  titlesEn: TitleSet;
  birthYears: readonly [from: number, to: number];
  /** Of those from abroad, the share from universities rather than the press. */
  abroadUniversityShare: number;
  mainForumChance: number;
  /** Weights of registering for 0, 1 and 2 parallel forums. */
  forumCounts: readonly [number, number, number];
}

const mainlandOnly: Weighted<Region> = [['mainland', 1]];

export const DEFAULT_PROFILE: CategoryProfile = {
  share: 20, regions: mainlandOnly, orgs: [['local-media', 3], ['central-media', 1], ['university', 1]],
  titles: 'delegate', titlesEn: 'mediaEn', birthYears: [1965, 2000], abroadUniversityShare: 0,
  mainForumChance: 0.9, forumCounts: [10, 55, 35],
};

export const CATEGORY_PROFILES: Readonly<Record<string, CategoryProfile>> = {
  guest: {
    share: 50, regions: [['mainland', 92], ['hong_kong', 2], ['macao', 1], ['taiwan', 1], ['abroad', 4]],
    orgs: [['central-media', 4], ['institution', 3], ['local-media', 2], ['university', 1], ['tech', 1]],
    titles: 'leader', titlesEn: 'leaderEn', birthYears: [1960, 1980], abroadUniversityShare: 0.3,
    mainForumChance: 0.98, forumCounts: [30, 50, 20],
  },
  delegate: {
    share: 400, regions: [['mainland', 99], ['hong_kong', 0.5], ['macao', 0.5]],
    orgs: [['local-media', 5], ['central-media', 2], ['university', 1.5], ['tech', 1], ['institution', 0.5]],
    titles: 'delegate', titlesEn: 'mediaEn', birthYears: [1962, 2000], abroadUniversityShare: 0,
    mainForumChance: 0.92, forumCounts: [8, 52, 40],
  },
  speaker: {
    share: 20, regions: [['mainland', 85], ['hong_kong', 3], ['abroad', 12]],
    orgs: [['university', 3], ['tech', 3], ['central-media', 2], ['local-media', 2]],
    titles: 'speaker', titlesEn: 'leaderEn', birthYears: [1960, 1990], abroadUniversityShare: 0.6,
    mainForumChance: 0.95, forumCounts: [20, 60, 20],
  },
  media: {
    share: 250, regions: [['mainland', 93], ['abroad', 7]],
    orgs: [['central-media', 4], ['local-media', 6]],
    titles: 'media', titlesEn: 'mediaEn', birthYears: [1968, 2001], abroadUniversityShare: 0,
    mainForumChance: 0.95, forumCounts: [10, 50, 40],
  },
  'hkmt-media': {
    share: 30, regions: [['hong_kong', 45], ['taiwan', 35], ['macao', 20]], orgs: [['local-media', 1]],
    titles: 'regionalMedia', titlesEn: 'mediaEn', birthYears: [1965, 2000], abroadUniversityShare: 0,
    mainForumChance: 0.97, forumCounts: [10, 50, 40],
  },
  exhibitor: {
    share: 60, regions: mainlandOnly, orgs: [['tech', 1]],
    titles: 'exhibitor', titlesEn: 'mediaEn', birthYears: [1975, 2000], abroadUniversityShare: 0,
    mainForumChance: 0.5, forumCounts: [60, 30, 10],
  },
  committee: {
    share: 15, regions: mainlandOnly, orgs: [['central-media', 2], ['local-media', 3], ['university', 1]],
    titles: 'committee', titlesEn: 'leaderEn', birthYears: [1962, 1985], abroadUniversityShare: 0,
    mainForumChance: 0.95, forumCounts: [20, 60, 20],
  },
  trainee: {
    share: 33, regions: mainlandOnly, orgs: [['local-media', 1]],
    titles: 'trainee', titlesEn: 'mediaEn', birthYears: [1980, 1998], abroadUniversityShare: 0,
    mainForumChance: 0.9, forumCounts: [30, 50, 20],
  },
  staff: {
    share: 60, regions: mainlandOnly, orgs: [['organiser', 3], ['institution', 2]],
    titles: 'staff', titlesEn: 'mediaEn', birthYears: [1975, 2000], abroadUniversityShare: 0,
    mainForumChance: 0, forumCounts: [1, 0, 0],
  },
  volunteer: {
    share: 80, regions: mainlandOnly, orgs: [['campus', 1]],
    titles: 'volunteer', titlesEn: 'mediaEn', birthYears: [1998, 2002], abroadUniversityShare: 0,
    mainForumChance: 0.2, forumCounts: [20, 80, 0],
  },
};

/** Administrative division codes that open a resident ID number; Hunan's are weighted up because the event is in Changsha. */
export const ID_REGION_CODES: Weighted<string> = [
  ...words('430102 430103 430104 430105 430111 430112 430181 430182').map((code) => [code, 6] as const),
  ...words('430202 430302 430402 430602 430702 431002').map((code) => [code, 2] as const),
  ...words('110101 110102 110105 110108 310101 310104 310115 440103 440106 440305 330106 420106 510104 320102 610113 500103 370102 410105 360102')
    .map((code) => [code, 1] as const),
];

export const MOBILE_PREFIXES: readonly string[] = words(
  '130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 173 175 176 177 178 180 181 182 183 184 185 186 187 188 189 191 193 195 196 198 199',
);

/** Foreign mobile prefixes and how many random digits follow; the US and UK ones are ranges set aside for fiction. */
export const FOREIGN_PHONES: readonly (readonly [prefix: string, digits: number])[] = [
  ['+1 202 555 01', 2], ['+44 7700 900', 3], ['+33 6 ', 8], ['+49 151 ', 8], ['+81 90 ', 8], ['+82 10 ', 8], ['+39 347 ', 7], ['+7 916 ', 7],
];

export const ATTENTION_NOTES: readonly string[] = [
  'VIP，需要引导', 'VIP，需要引导', '轮椅通道', '需领取媒体资料袋', '需领取媒体资料袋', '行动不便，需乘电梯',
  '素食', '清真餐', '需同声传译耳机', '携带摄影器材，需安检协助', '证件信息待补交', '需开具参会证明',
];
