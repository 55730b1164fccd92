//! The target languages: [`Lang`], with the name a page keys each one by and the label its tab shows,
//! and how code that names methods by words spells an HTTP method.
//!
//! It says which languages exist, not how any of them is written: each has its own module, and the
//! dispatch from a [`Lang`] to it is in [`super::generate_prepared`].

/// A sample target language. Its [`Lang::name`] is the `data-lang` value on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// The raw HTTP/1.1 message.
    Http,
    /// A curl command line (POSIX shell).
    Curl,
    /// An HTTPie command line (POSIX shell).
    Httpie,
    /// `fetch` in a JavaScript ES module (Node or a browser).
    JavaScript,
    /// Python with `requests`.
    Python,
    /// A Go program with `net/http`.
    Go,
    /// A Java program with `java.net.http`.
    Java,
    /// C# top-level statements with `HttpClient`.
    CSharp,
    /// A Rust program with `reqwest`'s blocking client.
    Rust,
    /// PHP with the curl extension.
    Php,
    /// Ruby with `net/http`.
    Ruby,
    /// PowerShell with `Invoke-WebRequest`.
    PowerShell,
}

impl Lang {
    /// Every language, in the order tabs are shown.
    pub const ALL: &'static [Lang] = &[
        Lang::Http,
        Lang::Curl,
        Lang::Httpie,
        Lang::JavaScript,
        Lang::Python,
        Lang::Go,
        Lang::Java,
        Lang::CSharp,
        Lang::Rust,
        Lang::Php,
        Lang::Ruby,
        Lang::PowerShell,
    ];

    /// The `data-lang` name.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Curl => "curl",
            Self::Httpie => "httpie",
            Self::JavaScript => "javascript",
            Self::Python => "python",
            Self::Go => "go",
            Self::Java => "java",
            Self::CSharp => "csharp",
            Self::Rust => "rust",
            Self::Php => "php",
            Self::Ruby => "ruby",
            Self::PowerShell => "powershell",
        }
    }

    /// The label shown on the tab.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Http => "HTTP",
            Self::Curl => "curl",
            Self::Httpie => "HTTPie",
            Self::JavaScript => "JavaScript",
            Self::Python => "Python",
            Self::Go => "Go",
            Self::Java => "Java",
            Self::CSharp => "C#",
            Self::Rust => "Rust",
            Self::Php => "PHP",
            Self::Ruby => "Ruby",
            Self::PowerShell => "PowerShell",
        }
    }

    /// The language with this `data-lang` name.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|l| l.name() == name)
    }
}

/// A method as written in code that names it with a capital first letter (`Post`, `Delete`).
pub(crate) fn title_case(method: &str) -> String {
    let lower = method.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}
