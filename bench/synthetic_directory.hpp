// The synthetic directory of the directory benchmarks: deterministic people with mixed Arabic and
// Latin names, Gulf departments and locations, as CSV rows for the import; and the search query
// classes measured against it. Shared by muster_directory_bench (over HTTP) and
// muster_directory_search_bench (in process, plaintext against encrypted at rest).
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace bench {

// ---------------------------------------------------------------------------------------------
// Synthetic people: mixed Arabic and Latin names, Gulf departments and locations. Deterministic.

struct Name {
  const char* ar;
  const char* latin;
};

inline const std::vector<Name> kFirstNames = {
    {"محمد", "Mohammed"},   {"أحمد", "Ahmed"},       {"عبدالله", "Abdullah"}, {"فاطمة", "Fatima"},
    {"إبراهيم", "Ibrahim"}, {"نورة", "Noura"},       {"خالد", "Khalid"},      {"آمنة", "Amna"},
    {"عبدالرحمن", "Abdulrahman"}, {"سارة", "Sara"},  {"عمر", "Omar"},         {"عائشة", "Aisha"},
    {"علي", "Ali"},         {"مريم", "Maryam"},      {"فهد", "Fahad"},        {"خديجة", "Khadija"},
    {"يوسف", "Yousef"},     {"أسماء", "Asma"},       {"سعود", "Saud"},        {"ريم", "Reem"},
    {"سلطان", "Sultan"},    {"إيمان", "Iman"},       {"حمزة", "Hamza"},       {"هند", "Hind"},
    {"أسامة", "Osama"},     {"لطيفة", "Latifa"},     {"إسماعيل", "Ismail"},   {"أمل", "Amal"},
    {"مصطفى", "Mustafa"},   {"هيفاء", "Haifa"},      {"طارق", "Tariq"},       {"منيرة", "Munira"},
    {"ماجد", "Majed"},      {"رنا", "Rana"},         {"ناصر", "Nasser"},      {"دانة", "Dana"},
    {"فيصل", "Faisal"},     {"لمى", "Lama"},         {"تركي", "Turki"},       {"شيماء", "Shaima"},
    {"بندر", "Bandar"},     {"جميلة", "Jamila"},     {"نواف", "Nawaf"},       {"أنس", "Anas"},
    {"زياد", "Ziyad"},      {"إياد", "Iyad"},        {"حسن", "Hassan"},       {"أيمن", "Ayman"},
    {"حسين", "Hussein"},    {"ياسر", "Yasser"},
};

inline const std::vector<Name> kFamilyNames = {
    {"القحطاني", "Al-Qahtani"}, {"العتيبي", "Al-Otaibi"},   {"الغامدي", "Al-Ghamdi"},   {"الزهراني", "Al-Zahrani"},
    {"الشمري", "Al-Shammari"},  {"الدوسري", "Al-Dosari"},   {"الحربي", "Al-Harbi"},     {"المطيري", "Al-Mutairi"},
    {"العنزي", "Al-Anazi"},     {"السبيعي", "Al-Subaie"},   {"الشهري", "Al-Shehri"},    {"العمري", "Al-Omari"},
    {"الأحمدي", "Al-Ahmadi"},   {"الخالدي", "Al-Khalidi"},  {"الهاشمي", "Al-Hashimi"},  {"المالكي", "Al-Maliki"},
    {"الرشيدي", "Al-Rashidi"},  {"البلوي", "Al-Balawi"},    {"الجهني", "Al-Juhani"},    {"السلمي", "Al-Sulami"},
    {"اليامي", "Al-Yami"},      {"القرشي", "Al-Qurashi"},   {"الأنصاري", "Al-Ansari"},  {"الفارسي", "Al-Farsi"},
    {"النعيمي", "Al-Nuaimi"},   {"المنصوري", "Al-Mansouri"}, {"الكعبي", "Al-Kaabi"},    {"الظاهري", "Al-Dhaheri"},
    {"البلوشي", "Al-Balushi"},  {"الحمادي", "Al-Hammadi"},  {"السويدي", "Al-Suwaidi"}, {"المهيري", "Al-Muhairi"},
    {"الشامسي", "Al-Shamsi"},   {"الكتبي", "Al-Ketbi"},     {"باوزير", "Bawazir"},      {"باعشن", "Baeshen"},
    {"العمودي", "Al-Amoudi"},   {"الجفري", "Al-Jifri"},     {"السقاف", "Al-Saqqaf"},    {"حداد", "Haddad"},
    {"خوري", "Khoury"},         {"نصار", "Nassar"},         {"سليمان", "Suleiman"},     {"عيسى", "Issa"},
    {"إدريس", "Idris"},         {"الأيوبي", "Al-Ayoubi"},   {"التميمي", "Al-Tamimi"},   {"العبيدي", "Al-Obaidi"},
    {"الراشد", "Al-Rashed"},    {"الفاسي", "Al-Fassi"},
};

// Expatriate staff: Latin-script names only (name_latin left empty).
inline const std::vector<const char*> kLatinFirst = {"John", "Maria", "Priya", "Rajesh", "Wei", "Anna", "Jose", "Fatima",
                                              "David", "Sarah", "Arjun", "Grace", "Mark", "Lina", "Carlos", "Aisha",
                                              "Peter", "Sunita", "Michael", "Joy"};
inline const std::vector<const char*> kLatinFamily = {"Smith", "Fernandes", "Sharma", "Kumar", "Garcia", "Santos", "Khan",
                                               "Nair", "Reyes", "Chen", "Wilson", "Dsouza", "Pillai", "Cruz",
                                               "Brown", "Menon", "Mendoza", "Iyer", "Taylor", "Ali"};

inline const std::vector<const char*> kDepartments = {
    "Engineering", "Finance", "Sales", "Marketing", "Human Resources", "Procurement", "Logistics",
    "Customer Service", "Legal", "IT Support", "Operations", "Quality Assurance", "Research and Development",
    "Facilities", "Security", "Administration", "Public Relations", "Compliance", "Internal Audit", "Treasury",
    "Warehouse", "Maintenance", "Health and Safety", "Training", "Business Development", "Product", "Design",
    "Data Analytics", "Government Relations", "Executive Office"};

inline const std::vector<const char*> kLocations = {"Riyadh",   "Jeddah", "Dammam",  "Mecca",     "Medina",
                                             "Khobar",   "Tabuk",  "Abha",    "Buraidah",  "Hail",
                                             "Jazan",    "Najran", "Dubai",   "Abu Dhabi", "Sharjah",
                                             "Doha",     "Manama", "Kuwait City", "Muscat", "Cairo"};

inline const std::vector<const char*> kJobTitles = {
    "Engineer", "Senior Engineer", "Accountant", "Cashier", "Sales Representative", "Manager", "Team Lead",
    "Analyst", "Driver", "Technician", "Supervisor", "Coordinator", "Specialist", "Administrator",
    "Consultant", "Nurse", "Storekeeper", "Receptionist", "Director", "Inspector"};

inline const std::vector<const char*> kTags = {"night-shift", "remote", "first-aid", "forklift", "fire-warden", "mentor"};

// Skewed choice (rank^-0.8): a few names are very common, as in real directories.
class Skewed {
 public:
  explicit Skewed(size_t n) {
    double acc = 0;
    for (size_t i = 0; i < n; ++i) cumulative_.push_back(acc += 1.0 / std::pow(static_cast<double>(i + 1), 0.8));
  }
  size_t operator()(std::mt19937_64& rng) const {
    double x = std::uniform_real_distribution<double>(0, cumulative_.back())(rng);
    return static_cast<size_t>(std::lower_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

inline std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
inline std::string strip_dash(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
  return s;
}


inline const char* kCsvHeader = "employee_id,name,name_latin,job_title,department,location,email,phone,tags\n";

// Row i (0-based) of the synthetic directory, with its newline. Depends on i only.
inline std::string csv_row(int i) {
  static const Skewed first_pick(kFirstNames.size()), family_pick(kFamilyNames.size()), dept_pick(kDepartments.size()),
      loc_pick(kLocations.size());
  std::string out;
  {
    std::mt19937_64 rng(0x6d75737465720000ull + static_cast<unsigned>(i));  // per row: chunking-independent
    char eid[16];
    std::snprintf(eid, sizeof eid, "E%06d", i + 1);
    std::string name, latin, email_local;
    if (rng() % 10 == 0) {
      const char* f = kLatinFirst[rng() % kLatinFirst.size()];
      const char* l = kLatinFamily[rng() % kLatinFamily.size()];
      name = std::string(f) + " " + l;
      email_local = lower(std::string(f) + "." + l);
    } else {
      const Name& f = kFirstNames[first_pick(rng)];
      const Name& father = kFirstNames[first_pick(rng)];
      const Name& fam = kFamilyNames[family_pick(rng)];
      name = std::string(f.ar) + " " + father.ar + " " + fam.ar;
      latin = std::string(f.latin) + " " + father.latin + " " + fam.latin;
      email_local = lower(std::string(f.latin) + "." + strip_dash(fam.latin));
    }
    const char* title = kJobTitles[rng() % kJobTitles.size()];
    const char* dept = kDepartments[dept_pick(rng)];
    const char* loc = kLocations[loc_pick(rng)];
    char phone[24];
    std::snprintf(phone, sizeof phone, "+9665%08d", 10000000 + i);
    std::string tags;
    int ntags = static_cast<int>(rng() % 4);  // half have none, the rest one or two
    if (ntags == 3) ntags = 0;
    for (int t = 0; t < ntags; ++t) {
      const char* tag = kTags[rng() % kTags.size()];
      if (tags.find(tag) == std::string::npos) tags += (tags.empty() ? "" : "|") + std::string(tag);
    }
    out += std::string(eid) + "," + name + "," + latin + "," + title + "," + dept + "," + loc + "," + email_local +
           "." + std::to_string(i + 1) + "@example.com," + phone + "," + tags + "\n";
  }
  return out;
}

// One CSV document starting at row `from`: at most max_rows rows and max_bytes bytes (header
// included). Sets `to` to one past the last row taken.
inline std::string csv_chunk(int from, int limit, int max_rows, size_t max_bytes, int& to) {
  std::string out = kCsvHeader;
  to = from;
  while (to < limit && to - from < max_rows) {
    std::string row = csv_row(to);
    if (to > from && out.size() + row.size() > max_bytes) break;
    out += row;
    ++to;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Query classes

struct QueryClass {
  std::string name;
  std::string description;
  std::vector<std::string> queries;
};

inline const std::vector<QueryClass> kQueryClasses = {
    {"arabic_no_hamza", "Arabic first names typed without hamza/madda (احمد for أحمد)",
     {"احمد", "ابراهيم", "اسماء", "اسامة", "ايمان", "اسماعيل", "اياد", "انس"}},
    {"arabic_taa_marbuta_as_haa", "Arabic names typed with ه for final ة (فاطمه for فاطمة)",
     {"فاطمه", "امنه", "خديجه", "حمزه", "نوره", "جميله", "دانه", "لطيفه"}},
    {"arabic_exact", "Arabic names typed as stored (first or family name)",
     {"محمد", "عبدالله", "القحطاني", "الغامدي", "سلطان", "مريم", "العمودي", "حداد"}},
    {"latin_name_ci", "Latin names in mixed case (AHMED, fatima, Al-Qahtani)",
     {"ahmed", "FATIMA", "Khalid", "qahtani", "OTAIBI", "yousef", "Fernandes", "sharma"}},
    {"department_location", "A department or location word",
     {"Engineering", "finance", "procurement", "Logistics", "riyadh", "Jeddah", "dubai", "Treasury"}},
    {"two_terms", "Two terms that must both match (name + place or department)",
     {"ahmed riyadh", "محمد jeddah", "fatima engineering", "خالد sales", "omar dubai", "نورة finance",
      "sharma logistics", "العتيبي dammam"}},
    {"prefix_2char", "Two-character prefixes as typed in a search box (LIKE scan, not FTS)",
     {"ah", "مح", "fa", "عب", "kh", "نو", "sa", "حم"}},
    {"latin_spelling_variant", "Other Latin spellings of the names stored (Ahmad for Ahmed, Muhammad for Mohammed)",
     {"ahmad", "Muhammad", "mohamed", "abdulla", "khaled", "yusef", "husain", "osamah"}},
    {"phone", "Phone numbers as typed: national, international, or a part",
     {"0510000123", "+966510004321", "966510020000", "0510077777", "05100555", "0510099999", "+9665100888", "0510031415"}},
};

}  // namespace bench
