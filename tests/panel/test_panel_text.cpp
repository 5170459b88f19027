// What the user types reaches the receiver byte for byte (issue 8, point 6): combining
// marks, right-to-left scripts and, with a 32-bit ImWchar, characters above U+FFFF. With a
// 16-bit ImWchar (Debian's Dear ImGui 1.86) Dear ImGui turns those into U+FFFD as they are
// typed: the panel says so on the field and sends nothing until they are gone.
#include "support/panel_host.h"

using namespace ImContact;
using namespace ImContactPanelTest;

namespace
{

// Text that survives any ImWchar: Latin with a combining acute (e + U+0301), Hebrew and
// Arabic (right to left), Devanagari with a virama, and a CJK ideograph in the BMP.
const char* const kBmpText = "Kaatuu: cafe\xCC\x81 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "
                             "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7 \xE6\xBC\xA2 ok.";
// Above U+FFFF: U+1F600 (grinning face) and U+1D11E (musical G clef).
const char* const kAstral = "\xF0\x9F\x98\x80\xF0\x9D\x84\x9E";

std::string StoredMessage(Fixture& fx, const std::string& ticket)
{
    ImContactReceiver::Store store;
    std::string err;
    REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
    ImContactReceiver::TicketDetails d;
    REQUIRE(store.Show(ticket, &d));
    return d.Report.Fields.Message;
}

bool ErrorShownFor(Host& h, Field field, ErrorCode code)
{
    for (const FieldError& e : ValidateDraft(h.Contact))
        if (e.Which == field && e.Code == code) return true;
    return false;
}

} // namespace

TEST_CASE("combining marks and right-to-left text reach the receiver byte for byte", "[panel][text]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    h.Click(ItemKey::Type);
    h.Click(ItemKeyIndexed(ItemKey::Type, 1));
    h.Click(ItemKey::Message);
    h.Type(kBmpText);
    CHECK(h.Contact->Draft.Message == kBmpText);
    h.Click(ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return LastTicketNumber(h.Contact)[0] != 0; }));
    CHECK(StoredMessage(fx, LastTicketNumber(h.Contact)) == kBmpText);
}

TEST_CASE("characters above U+FFFF: sent unchanged with a 32-bit ImWchar, never replaced in silence with a 16-bit one", "[panel][text]")
{
    Fixture fx;
    Host h(fx.Cfg);
    h.OpenWithHotkey();
    h.Click(ItemKey::Type);
    h.Click(ItemKeyIndexed(ItemKey::Type, 1));
    h.Click(ItemKey::Message);
    const std::string text = std::string("Ikkuna jumittuu ") + kAstral + " kun tallennan.";
    h.Type(text.c_str());
    if (sizeof(ImWchar) >= 4)
    {
        // IMGUI_USE_WCHAR32: the emoji is the user's text, and it arrives as typed.
        CHECK(h.Contact->Draft.Message == text);
        CHECK_FALSE(ErrorShownFor(h, Field::Message, ErrorCode::UnsupportedCharacter));
        h.Click(ItemKey::Send);
        REQUIRE(h.FramesUntil([&] { return LastTicketNumber(h.Contact)[0] != 0; }));
        CHECK(StoredMessage(fx, LastTicketNumber(h.Contact)) == text);
        return;
    }
    // 16-bit ImWchar: Dear ImGui already put U+FFFD in place of each of the two.
    const std::string replaced = "Ikkuna jumittuu \xEF\xBF\xBD\xEF\xBF\xBD kun tallennan.";
    REQUIRE(h.Contact->Draft.Message == replaced);
    REQUIRE(ErrorShownFor(h, Field::Message, ErrorCode::UnsupportedCharacter));
    const std::string shown = ErrorMessage(h.Contact->Lang, { Field::Message, ErrorCode::UnsupportedCharacter, 2 });
    CHECK(shown.find("2 merkki") != std::string::npos);
    // Pressing send stores nothing and shows why; the text stays as it is.
    h.Click(ItemKey::Send);
    h.Frames(20);
    CHECK(LastTicketNumber(h.Contact)[0] == 0);
    CHECK(h.Contact->SendJob == 0);
    CHECK(h.Contact->ShowErrors);
    CHECK(h.Contact->Draft.Message == replaced);
    {
        ImContactReceiver::Store store;
        std::string err;
        REQUIRE(store.Open(fx.RxOpt.DbPath, &err));
        CHECK(store.CountTickets() == 0);
    }
    // The user removes them (and says it in words): then it is sent, exactly as written.
    h.Click(ItemKey::Message);
    for (int i = 0; i < 40 && h.Contact->Draft.Message != "Ikkuna jumittuu "; i++) h.PressKey(kKeyBackspace);
    h.Type("(hymiö) kun tallennan.");
    const std::string fixed = "Ikkuna jumittuu (hymiö) kun tallennan.";
    REQUIRE(h.Contact->Draft.Message == fixed);
    CHECK_FALSE(ErrorShownFor(h, Field::Message, ErrorCode::UnsupportedCharacter));
    h.Click(ItemKey::Send);
    REQUIRE(h.FramesUntil([&] { return LastTicketNumber(h.Contact)[0] != 0; }));
    CHECK(StoredMessage(fx, LastTicketNumber(h.Contact)) == fixed);
}

TEST_CASE("ReplacedAsTyped counts U+FFFD only where the ImWchar build makes it a replacement", "[panel][text]")
{
    const std::string two = "a\xEF\xBF\xBD" "b\xEF\xBF\xBD";
    CHECK(ReplacedAsTyped("plain åäö") == 0);
    CHECK(ReplacedAsTyped(two) == (sizeof(ImWchar) >= 4 ? 0u : 2u));
}
