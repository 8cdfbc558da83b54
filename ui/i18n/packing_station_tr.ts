<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr_TR">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Packing Station</source>
        <translation>Paketleme İstasyonu hakkında</translation>
    </message>
    <message>
        <source>&lt;b&gt;Packing Station&lt;/b&gt; {version}</source>
        <translation>&lt;b&gt;Paketleme İstasyonu&lt;/b&gt; {version}</translation>
    </message>
    <message>
        <source>Log file:&lt;br&gt;&lt;code&gt;{path}&lt;/code&gt;</source>
        <translation>Günlük dosyası:&lt;br&gt;&lt;code&gt;{path}&lt;/code&gt;</translation>
    </message>
    <message>
        <source>When something goes wrong, send this file along with what you saw.</source>
        <translation>Bir sorun olduğunda bu dosyayı, gördüklerinizi anlatarak gönderin.</translation>
    </message>
</context>
<context>
    <name>AlertOverlay</name>
    <message>
        <source>Press Space or Esc, or click, when it is out of the box</source>
        <translation>Ürün kutudan çıkınca Boşluk ya da Esc tuşuna basın veya tıklayın</translation>
    </message>
</context>
<context>
    <name>ArmedIndicator</name>
    <message>
        <source>● Ready to scan</source>
        <translation>● Okutmaya hazır</translation>
    </message>
    <message>
        <source>○ Not ready — click the window</source>
        <translation>○ Hazır değil — pencereye tıklayın</translation>
    </message>
</context>
<context>
    <name>AttentionWidget</name>
    <message>
        <source>Needs attention</source>
        <translation>İlgilenilmesi gerekenler</translation>
    </message>
    <message>
        <source>Retry — send again</source>
        <translation>Yeniden dene — tekrar gönder</translation>
    </message>
    <message>
        <source>Discard — give up</source>
        <translation>Vazgeç — gönderme</translation>
    </message>
    <message>
        <source>Mark as delivered</source>
        <translation>İletildi olarak işaretle</translation>
    </message>
    <message>
        <source>Deliveries are paused and retried with growing pauses: {message}</source>
        <translation>Gönderimler duraklatıldı, giderek uzayan aralıklarla yeniden deneniyor: {message}</translation>
    </message>
    <message>
        <source>Needs attention ({n})</source>
        <translation>İlgilenilmesi gerekenler ({n})</translation>
    </message>
    <message>
        <source>OMS said: {message}</source>
        <translation>OMS&apos;in yanıtı: {message}</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(mesaj yok)</translation>
    </message>
    <message>
        <source>Invoice number {value}</source>
        <translation>Fatura numarası {value}</translation>
    </message>
    <message>
        <source>Remote id {value}</source>
        <translation>Uzak kimlik {value}</translation>
    </message>
    <message>
        <source>CONFLICT</source>
        <translation>ÇAKIŞMA</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>BAŞARISIZ</translation>
    </message>
    <message>
        <source>id {id}</source>
        <translation>kimlik {id}</translation>
    </message>
    <message>
        <source>Package {package} · {what} · {status} · {when} by {packer}</source>
        <translation>Paket {package} · {what} · {status} · {when} · {packer}</translation>
    </message>
    <message>
        <source>OMS: {message}</source>
        <translation>OMS: {message}</translation>
    </message>
    <message>
        <source>transition {id}</source>
        <translation>geçiş {id}</translation>
    </message>
    <message>
        <source>Nothing needs you. {n} still on their way to OMS.</source>
        <translation>Sizi bekleyen bir şey yok. {n} komut hâlâ OMS&apos;e gönderiliyor.</translation>
    </message>
    <message>
        <source>Nothing needs you. Every command is delivered.</source>
        <translation>Sizi bekleyen bir şey yok. Tüm komutlar iletildi.</translation>
    </message>
    <message>
        <source>{what} will be sent again.</source>
        <translation>{what} yeniden gönderilecek.</translation>
    </message>
    <message>
        <source>{what} was discarded; it will not be sent.</source>
        <translation>{what} iptal edildi; gönderilmeyecek.</translation>
    </message>
    <message>
        <source>{what} is recorded as delivered; it will not be sent.</source>
        <translation>{what} iletildi olarak kaydedildi; gönderilmeyecek.</translation>
    </message>
    <message>
        <source>Could not do that: {reason}</source>
        <translation>Bu yapılamadı: {reason}</translation>
    </message>
    <message>
        <source>{what} for package {package}</source>
        <translation>{package} numaralı paket için {what}</translation>
    </message>
</context>
<context>
    <name>ChoiceBar</name>
    <message>
        <source>Choose one (click or scan its code):</source>
        <translation>Birini seçin (tıklayın ya da kodunu okutun):</translation>
    </message>
    <message>
        <source>Click or scan {code}</source>
        <translation>Tıklayın ya da {code} okutun</translation>
    </message>
</context>
<context>
    <name>ConnectionLabel</name>
    <message>
        <source>○ Signed out — &lt;a href=&quot;{link}&quot; style=&quot;color: {colour};&quot;&gt;sign in again&lt;/a&gt;</source>
        <translation>○ Oturum kapalı — &lt;a href=&quot;{link}&quot; style=&quot;color: {colour};&quot;&gt;yeniden oturum açın&lt;/a&gt;</translation>
    </message>
</context>
<context>
    <name>DestinationChooser</name>
    <message>
        <source>Network printer {address}</source>
        <translation>Ağ yazıcısı {address}</translation>
    </message>
    <message>
        <source>CUPS queue {name}</source>
        <translation>CUPS kuyruğu {name}</translation>
    </message>
    <message>
        <source>PDF folder {path}</source>
        <translation>PDF klasörü {path}</translation>
    </message>
    <message>
        <source>Printer {name}</source>
        <translation>Yazıcı {name}</translation>
    </message>
    <message>
        <source>Looking for printers…</source>
        <translation>Yazıcılar aranıyor…</translation>
    </message>
    <message>
        <source>No system printer found</source>
        <translation>Sistem yazıcısı bulunamadı</translation>
    </message>
    <message>
        <source>Printer dialog…</source>
        <translation>Yazıcı penceresi…</translation>
    </message>
    <message>
        <source>Network label printer…</source>
        <translation>Ağ etiket yazıcısı…</translation>
    </message>
    <message>
        <source>Save as PDF in folder…</source>
        <translation>Klasöre PDF olarak kaydet…</translation>
    </message>
    <message>
        <source>Save documents as PDF in this folder</source>
        <translation>Belgeleri bu klasöre PDF olarak kaydet</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Packing Station — problem</source>
        <translation>Paketleme İstasyonu — sorun</translation>
    </message>
    <message>
        <source>Details ▸</source>
        <translation>Ayrıntılar ▸</translation>
    </message>
    <message>
        <source>{count} problems since this window opened; the newest is shown.</source>
        <translation>Bu pencere açıldığından beri {count} sorun oldu; en yenisi gösteriliyor.</translation>
    </message>
    <message>
        <source>Details ▾</source>
        <translation>Ayrıntılar ▾</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>Scanned</source>
        <translation>Okutuldu</translation>
    </message>
    <message>
        <source>Wrong item</source>
        <translation>Yanlış ürün</translation>
    </message>
    <message>
        <source>One too many</source>
        <translation>Bir fazla</translation>
    </message>
    <message>
        <source>Taken back</source>
        <translation>Geri alındı</translation>
    </message>
    <message>
        <source>Override refused</source>
        <translation>Onay reddedildi</translation>
    </message>
    <message>
        <source>Taken over from another station</source>
        <translation>Başka istasyondan devralındı</translation>
    </message>
    <message>
        <source>Print failed</source>
        <translation>Yazdırma başarısız</translation>
    </message>
    <message>
        <source>Closed with items missing</source>
        <translation>Eksik ürünle kapatıldı</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Komut</translation>
    </message>
    <message>
        <source>Invoice number</source>
        <translation>Fatura numarası</translation>
    </message>
    <message>
        <source>Remote id</source>
        <translation>Uzak kimlik</translation>
    </message>
    <message>
        <source>Packer changed</source>
        <translation>Paketleyen değişti</translation>
    </message>
    <message>
        <source>allowed by {name}</source>
        <translation>{name} izin verdi</translation>
    </message>
    <message>
        <source>supervisor {name}: wrong name or PIN</source>
        <translation>yetkili {name}: ad veya PIN yanlış</translation>
    </message>
    <message>
        <source>was {name}</source>
        <translation>önceki: {name}</translation>
    </message>
</context>
<context>
    <name>HistoryWidget</name>
    <message>
        <source>History — {packer}</source>
        <translation>Geçmiş — {packer}</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Saat</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Ne oldu</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Ayrıntılar</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>OMS&apos;e iletim</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>Yeniden yazdır…</translation>
    </message>
    <message>
        <source>Today — {packer} ({count} events)</source>
        <translation>Bugün — {packer} ({count} olay)</translation>
    </message>
    <message>
        <source>The history could not be read: {reason}</source>
        <translation>Geçmiş okunamadı: {reason}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Simulate scan: type a code and press Enter</source>
        <translation>Okutma benzetimi: bir kod yazıp Enter&apos;a basın</translation>
    </message>
    <message>
        <source>Scan a package number to start.</source>
        <translation>Başlamak için bir paket numarası okutun.</translation>
    </message>
    <message>
        <source>Packing Station</source>
        <translation>Paketleme İstasyonu</translation>
    </message>
    <message>
        <source>take the wrong item out first, then press Space or Esc, or click</source>
        <translation>önce yanlış ürünü çıkarın, sonra Boşluk ya da Esc tuşuna basın veya tıklayın</translation>
    </message>
    <message>
        <source>answer the question first: the supervisor&apos;s name and PIN, or Cancel</source>
        <translation>önce soruyu yanıtlayın: yetkilinin adı ve PIN&apos;i ya da Vazgeç</translation>
    </message>
    <message>
        <source>answer the question first: click or scan one of the choices, or scan the CANCEL card</source>
        <translation>önce soruyu yanıtlayın: seçeneklerden birine tıklayın ya da okutun veya CANCEL kartını okutun</translation>
    </message>
    <message>
        <source>Scan {code} NOT used: {reason}.</source>
        <translation>{code} okutması KULLANILMADI: {reason}.</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>Tüm durumlar</translation>
    </message>
    <message>
        <source>Packer: {name}</source>
        <translation>Paketleyen: {name}</translation>
    </message>
    <message>
        <source>Take it out of the box, then press Space or Esc, or click</source>
        <translation>Ürünü kutudan çıkarın, sonra Boşluk ya da Esc tuşuna basın veya tıklayın</translation>
    </message>
    <message>
        <source>Quit Packing Station?</source>
        <translation>Paketleme İstasyonu&apos;ndan çıkılsın mı?</translation>
    </message>
    <message>
        <source>1 command is not delivered to OMS yet. It is kept and sent when the station runs again. Quit anyway?</source>
        <translation>1 komut henüz OMS&apos;ye iletilmedi. Saklanıyor ve istasyon yeniden çalıştığında gönderilecek. Yine de çıkılsın mı?</translation>
    </message>
    <message>
        <source>{count} commands are not delivered to OMS yet. They are kept and sent when the station runs again. Quit anyway?</source>
        <translation>{count} komut henüz OMS&apos;ye iletilmedi. Saklanıyor ve istasyon yeniden çalıştığında gönderilecek. Yine de çıkılsın mı?</translation>
    </message>
    <message>
        <source>Synced {time}</source>
        <translation>Eşitlendi {time}</translation>
    </message>
    <message>
        <source>Last sync at {time}: {n} updated</source>
        <translation>Son eşitleme {time}: {n} güncellendi</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>Eşitleme başarısız</translation>
    </message>
</context>
<context>
    <name>MassArchivePrompt</name>
    <message>
        <source>OMS no longer lists {total} of this station&apos;s {live} packages ({share}%). Nothing was archived. Check the OMS address and the stock location; archive them only if they really left this station.</source>
        <translation>OMS, bu istasyonun {live} paketinden {total} tanesini artık listelemiyor (%{share}). Hiçbir şey arşivlenmedi. OMS adresini ve stok yerini kontrol edin; paketleri yalnızca gerçekten bu istasyondan çıktılarsa arşivleyin.</translation>
    </message>
    <message>
        <source>Packages missing from OMS</source>
        <translation>OMS&apos;te görünmeyen paketler</translation>
    </message>
    <message>
        <source>Archive them</source>
        <translation>Arşivle</translation>
    </message>
    <message>
        <source>Keep them</source>
        <translation>Kalsın</translation>
    </message>
</context>
<context>
    <name>NetworkPrinterDialog</name>
    <message>
        <source>Network label printer</source>
        <translation>Ağ etiket yazıcısı</translation>
    </message>
    <message>
        <source>e.g. 10.0.0.7 or zebra-1.local</source>
        <translation>ör. 10.0.0.7 veya zebra-1.local</translation>
    </message>
    <message>
        <source>Printer address</source>
        <translation>Yazıcı adresi</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>A label printer that takes raw ZPL on its network port (usually 9100).</source>
        <translation>Ağ portundan ham ZPL alan bir etiket yazıcısı (genellikle 9100).</translation>
    </message>
    <message>
        <source>Type the printer&apos;s address.</source>
        <translation>Yazıcının adresini yazın.</translation>
    </message>
    <message>
        <source>That is not a printer address: type a name or an IP address.</source>
        <translation>Bu bir yazıcı adresi değil: bir ad veya IP adresi yazın.</translation>
    </message>
</context>
<context>
    <name>NextPackagePrompt</name>
    <message>
        <source>Open</source>
        <translation>Aç</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Şimdi değil</translation>
    </message>
    <message>
        <source>Nothing else is waiting: scan another package.</source>
        <translation>Bekleyen başka paket yok: başka bir paket okutun.</translation>
    </message>
    <message>
        <source>same day</source>
        <translation>aynı gün</translation>
    </message>
    <message>
        <source>due {due}</source>
        <translation>son tarih {due}</translation>
    </message>
    <message>
        <source>overdue since {due}</source>
        <translation>{due} tarihinden beri gecikmede</translation>
    </message>
    <message>
        <source>same day, {when}</source>
        <translation>aynı gün, {when}</translation>
    </message>
    <message>
        <source>Next: package {number} — scan it or press Enter</source>
        <translation>Sıradaki: {number} numaralı paket — okutun ya da Enter&apos;a basın</translation>
    </message>
    <message>
        <source>Next: package {number} ({where}) — scan it or press Enter</source>
        <translation>Sıradaki: {number} numaralı paket ({where}) — okutun ya da Enter&apos;a basın</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <source>Enter the supervisor&apos;s name and PIN — nothing was saved.</source>
        <translation>Yetkilinin adını ve PIN&apos;ini girin — hiçbir şey kaydedilmedi.</translation>
    </message>
    <message>
        <source>Supervisor override</source>
        <translation>Yetkili onayı</translation>
    </message>
    <message>
        <source>Supervisor name</source>
        <translation>Yetkili adı</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
</context>
<context>
    <name>OverrideOffer</name>
    <message>
        <source>A supervisor allows completing {number} with 1 item unscanned:</source>
        <translation>Bir yönetici, 1 ürünü okutulmamış {number} paketinin tamamlanmasına izin veriyor:</translation>
    </message>
    <message>
        <source>A supervisor allows completing {number} with {count} items unscanned:</source>
        <translation>Bir yönetici, {count} ürünü okutulmamış {number} paketinin tamamlanmasına izin veriyor:</translation>
    </message>
</context>
<context>
    <name>PackagePanel</name>
    <message>
        <source>No package open — scan a package number</source>
        <translation>Açık paket yok — bir paket numarası okutun</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Barcode</source>
        <translation>Barkod</translation>
    </message>
    <message>
        <source>Scanned</source>
        <translation>Okutuldu</translation>
    </message>
    <message>
        <source>Package {number}</source>
        <translation>Paket {number}</translation>
    </message>
    <message>
        <source>{done} of {total} scanned</source>
        <translation>{done}/{total} okutuldu</translation>
    </message>
    <message>
        <source>Order {number}</source>
        <translation>Sipariş {number}</translation>
    </message>
    <message>
        <source>Invoice {number}</source>
        <translation>Fatura {number}</translation>
    </message>
    <message>
        <source>Remote id {id}</source>
        <translation>Uzak kimlik {id}</translation>
    </message>
    <message>
        <source>Unnamed product</source>
        <translation>Adsız ürün</translation>
    </message>
    <message>
        <source>{label}: not available for this package now</source>
        <translation>{label}: bu paket için şu anda kullanılamıyor</translation>
    </message>
    <message>
        <source>{caption}{oms}. Scan {card} or press {key}</source>
        <translation>{caption}{oms}. {card} okutun ya da {key} tuşuna basın</translation>
    </message>
</context>
<context>
    <name>PackedTodayWidget</name>
    <message>
        <source>Packed today</source>
        <translation>Bugün paketlenenler</translation>
    </message>
    <message>
        <source>Search package or order number</source>
        <translation>Paket veya sipariş numarası ara</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Tamamlandı</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <source>Packer</source>
        <translation>Paketleyen</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Adet</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Komut</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>OMS&apos;e iletim</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Belgeler</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Yeniden aç</translation>
    </message>
    <message>
        <source>Reprint…</source>
        <translation>Yeniden yazdır…</translation>
    </message>
    <message>
        <source>Packed today ({count})</source>
        <translation>Bugün paketlenenler ({count})</translation>
    </message>
    <message>
        <source>Nothing packed today matches.</source>
        <translation>Bugün paketlenenler arasında eşleşen yok.</translation>
    </message>
    <message>
        <source>Nothing packed yet today.</source>
        <translation>Bugün henüz paketlenen yok.</translation>
    </message>
    <message>
        <source>Today&apos;s packages could not be read: {reason}</source>
        <translation>Bugünün paketleri okunamadı: {reason}</translation>
    </message>
</context>
<context>
    <name>PrintJobsWidget</name>
    <message>
        <source>Print jobs</source>
        <translation>Yazdırma işleri</translation>
    </message>
    <message>
        <source>Jobs waiting for a printer, failed ones, and what printed today. Scanning goes on meanwhile.</source>
        <translation>Yazıcı bekleyen ve başarısız işler ile bugün yazdırılanlar. Bu sırada okutmaya devam edebilirsiniz.</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Belge</translation>
    </message>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Yazıcı</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Neden</translation>
    </message>
    <message>
        <source>Next try</source>
        <translation>Sonraki deneme</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Yeniden dene</translation>
    </message>
    <message>
        <source>Send elsewhere…</source>
        <translation>Başka yere gönder…</translation>
    </message>
    <message>
        <source>Reprint</source>
        <translation>Yeniden yazdır</translation>
    </message>
    <message>
        <source>Cancel job</source>
        <translation>İşi iptal et</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>The print jobs could not be read: {problem}</source>
        <translation>Yazdırma işleri okunamadı: {problem}</translation>
    </message>
    <message>
        <source>Trying again now.</source>
        <translation>Şimdi yeniden deneniyor.</translation>
    </message>
    <message>
        <source>This job is not waiting any more.</source>
        <translation>Bu iş artık beklemiyor.</translation>
    </message>
    <message>
        <source>Printing again on {where}.</source>
        <translation>{where} üzerinde yeniden yazdırılıyor.</translation>
    </message>
    <message>
        <source>This job is gone.</source>
        <translation>Bu iş artık yok.</translation>
    </message>
    <message>
        <source>Sent to {where}.</source>
        <translation>{where} hedefine gönderildi.</translation>
    </message>
    <message>
        <source>Printing again.</source>
        <translation>Yeniden yazdırılıyor.</translation>
    </message>
    <message>
        <source>Cancelled: it will not print.</source>
        <translation>İptal edildi: yazdırılmayacak.</translation>
    </message>
    <message>
        <source>This job cannot be cancelled: it is printing or printed.</source>
        <translation>Bu iş iptal edilemez: yazdırılıyor ya da yazdırıldı.</translation>
    </message>
    <message>
        <source>Nothing was changed: {problem}</source>
        <translation>Hiçbir şey değiştirilmedi: {problem}</translation>
    </message>
</context>
<context>
    <name>PrintStatus</name>
    <message>
        <source>Print jobs…</source>
        <translation>Yazdırma işleri…</translation>
    </message>
</context>
<context>
    <name>PrintStatusButton</name>
    <message>
        <source>Printer: {waiting} waiting, {stuck} need you</source>
        <translation>Yazıcı: {waiting} bekliyor, {stuck} sizi bekliyor</translation>
    </message>
    <message>
        <source>Printer: {n} need you</source>
        <translation>Yazıcı: {n} iş sizi bekliyor</translation>
    </message>
    <message>
        <source>Printer: {n} waiting — paper?</source>
        <translation>Yazıcı: {n} bekliyor — kâğıt var mı?</translation>
    </message>
    <message>
        <source>Printer: {n} waiting</source>
        <translation>Yazıcı: {n} bekliyor</translation>
    </message>
</context>
<context>
    <name>Printing</name>
    <message>
        <source>Packing slip</source>
        <translation>İrsaliye</translation>
    </message>
    <message>
        <source>Package label</source>
        <translation>Paket etiketi</translation>
    </message>
    <message>
        <source>Shipping label</source>
        <translation>Kargo etiketi</translation>
    </message>
    <message>
        <source>Invoice</source>
        <translation>Fatura</translation>
    </message>
    <message>
        <source>waiting for the printer</source>
        <translation>yazıcı bekleniyor</translation>
    </message>
    <message>
        <source>to print</source>
        <translation>yazdırılacak</translation>
    </message>
    <message>
        <source>printing</source>
        <translation>yazdırılıyor</translation>
    </message>
    <message>
        <source>printed</source>
        <translation>yazdırıldı</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>başarısız</translation>
    </message>
    <message>
        <source>may have printed</source>
        <translation>yazdırılmış olabilir</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>iptal edildi</translation>
    </message>
</context>
<context>
    <name>PrintingPage</name>
    <message>
        <source>&lt;b&gt;Document&lt;/b&gt;</source>
        <translation>&lt;b&gt;Belge&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Printer&lt;/b&gt;</source>
        <translation>&lt;b&gt;Yazıcı&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;On completion&lt;/b&gt;</source>
        <translation>&lt;b&gt;Tamamlanınca&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Wait for a shipping label OMS has not made yet</source>
        <translation>OMS&apos;in henüz oluşturmadığı kargo etiketini bekle</translation>
    </message>
    <message>
        <source>Store name on documents</source>
        <translation>Belgelerdeki mağaza adı</translation>
    </message>
    <message>
        <source>Choose… picks a system printer, a network label printer (tcp://host:9100) or a folder to save PDFs in; a raw CUPS queue is typed as cups:QUEUE. Changes apply to the next print job.</source>
        <translation>Seç… ile bir sistem yazıcısı, bir ağ etiket yazıcısı (tcp://host:9100) ya da PDF&apos;lerin kaydedileceği bir klasör seçilir; ham bir CUPS kuyruğu cups:KUYRUK olarak yazılır. Değişiklikler sonraki yazdırma işinde geçerli olur.</translation>
    </message>
    <message>
        <source>not printed</source>
        <translation>yazdırılmaz</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Seç…</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Yazdır</translation>
    </message>
    <message>
        <source>{document} printer: {problem}</source>
        <translation>{document} yazıcısı: {problem}</translation>
    </message>
</context>
<context>
    <name>ProductPreview</name>
    <message>
        <source>No picture</source>
        <translation>Resim yok</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>Cancel</source>
        <translation>Vazgeç</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Package</source>
        <translation>Paket</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Hedef tarih</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Sipariş</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Teslimat</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Gift</source>
        <translation>Hediye</translation>
    </message>
    <message>
        <source>Same day</source>
        <translation>Aynı gün</translation>
    </message>
    <message>
        <source>Standard</source>
        <translation>Standart</translation>
    </message>
</context>
<context>
    <name>QueuePanel</name>
    <message>
        <source>Search package / order number</source>
        <translation>Paket / sipariş numarası ara</translation>
    </message>
</context>
<context>
    <name>RefusalAlert</name>
    <message>
        <source>{n} more refused too.</source>
        <translation>{n} komut daha reddedildi.</translation>
    </message>
    <message>
        <source>Needs attention ({n})</source>
        <translation>İlgilenilmesi gerekenler ({n})</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>İlgilenilmesi gerekenler</translation>
    </message>
</context>
<context>
    <name>RefusalStrip</name>
    <message>
        <source>Open Needs attention</source>
        <translation>İlgilenilmesi gerekenleri aç</translation>
    </message>
    <message>
        <source>Seen</source>
        <translation>Gördüm</translation>
    </message>
</context>
<context>
    <name>Reprint</name>
    <message>
        <source>No printer is set up at this station: nothing to reprint.</source>
        <translation>Bu istasyonda kurulu yazıcı yok: yeniden yazdırılacak bir şey yok.</translation>
    </message>
    <message>
        <source>The reprint could not be saved: {reason}</source>
        <translation>Yeniden yazdırma kaydedilemedi: {reason}</translation>
    </message>
    <message>
        <source>Reprinting {documents} for package {number} ({count} jobs queued).</source>
        <translation>{number} numaralı paket için {documents} yeniden yazdırılıyor ({count} iş kuyrukta).</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <source>Reprint</source>
        <translation>Yeniden yazdır</translation>
    </message>
    <message>
        <source>Print again for package {number}:</source>
        <translation>{number} numaralı paket için yeniden yazdır:</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>Yazdır</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Vazgeç</translation>
    </message>
</context>
<context>
    <name>ScannerTest</name>
    <message>
        <source>The scanner works: the test code arrived exactly, followed by Enter.</source>
        <translation>Okuyucu çalışıyor: test kodu eksiksiz geldi, ardından Enter.</translation>
    </message>
    <message>
        <source>The scanner works: the test code arrived exactly, followed by Tab.</source>
        <translation>Okuyucu çalışıyor: test kodu eksiksiz geldi, ardından Tab.</translation>
    </message>
    <message>
        <source>The scanner works: the test code arrived exactly, followed by CR+LF (counted as one scan).</source>
        <translation>Okuyucu çalışıyor: test kodu eksiksiz geldi, ardından CR+LF (tek okutma sayılır).</translation>
    </message>
    <message>
        <source>The scanner works, but it sends no Enter or Tab after a code, so each scan is recognised only after a short pause. Set the scanner to send Enter for faster scanning.</source>
        <translation>Okuyucu çalışıyor ama koddan sonra Enter ya da Tab göndermiyor; bu yüzden her okutma kısa bir beklemeden sonra algılanıyor. Daha hızlı okutma için okuyucuyu Enter gönderecek şekilde ayarlayın.</translation>
    </message>
</context>
<context>
    <name>ScannerTestDialog</name>
    <message>
        <source>Scan the test code below (or the same code printed on paper).</source>
        <translation>Aşağıdaki test kodunu (ya da kâğıda basılmış aynı kodu) okutun.</translation>
    </message>
    <message>
        <source>Scanner test</source>
        <translation>Okuyucu testi</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>System language</source>
        <translation>Sistem dili</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Bağlantı</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Okuyucu</translation>
    </message>
    <message>
        <source>Sound &amp;&amp; display</source>
        <translation>Ses &amp;&amp; görünüm</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>Yazdırma</translation>
    </message>
    <message>
        <source>Barcodes &amp;&amp; API</source>
        <translation>Barkodlar &amp;&amp; API</translation>
    </message>
    <message>
        <source>Supervisors</source>
        <translation>Yetkililer</translation>
    </message>
    <message>
        <source>Packing Station — settings</source>
        <translation>Paketleme İstasyonu — ayarlar</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>Oturum aç…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Oturumu kapat</translation>
    </message>
    <message>
        <source>https://oms.example.com</source>
        <translation>https://oms.example.com</translation>
    </message>
    <message>
        <source>only to change the OMS or the stock location</source>
        <translation>yalnızca OMS&apos;i veya stok yerini değiştirmek için</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Bağlan</translation>
    </message>
    <message>
        <source>OMS account</source>
        <translation>OMS hesabı</translation>
    </message>
    <message>
        <source>OMS address (after restart)</source>
        <translation>OMS adresi (yeniden başlatınca)</translation>
    </message>
    <message>
        <source>Username (after restart)</source>
        <translation>Kullanıcı adı (yeniden başlatınca)</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Parola</translation>
    </message>
    <message>
        <source>Stock location (after restart)</source>
        <translation>Stok yeri (yeniden başlatınca)</translation>
    </message>
    <message>
        <source>Default packer</source>
        <translation>Varsayılan paketleyen</translation>
    </message>
    <message>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> karakter</translation>
    </message>
    <message>
        <source>Start preparing when a package opens</source>
        <translation>Paket açılınca hazırlamaya başla</translation>
    </message>
    <message>
        <source>Scanner test…</source>
        <translation>Okuyucu testi…</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Ön ek</translation>
    </message>
    <message>
        <source>Suffix (terminator)</source>
        <translation>Son ek (bitiş karakteri)</translation>
    </message>
    <message>
        <source>Longest gap between keys</source>
        <translation>Tuşlar arası en uzun ara</translation>
    </message>
    <message>
        <source>Shortest scan</source>
        <translation>En kısa okutma</translation>
    </message>
    <message>
        <source>Silence that ends a scan</source>
        <translation>Okutmayı bitiren sessizlik</translation>
    </message>
    <message>
        <source>Sounds on</source>
        <translation>Sesler açık</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Ses düzeyi</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>Dil (yeniden başlatınca)</translation>
    </message>
    <message>
        <source>Font size</source>
        <translation>Yazı boyutu</translation>
    </message>
    <message>
        <source>e.g. ean13, supplier_code</source>
        <translation>ör. ean13, supplier_code</translation>
    </message>
    <message>
        <source>e.g. ^INV\d{8}$ (empty: none)</source>
        <translation>ör. ^INV\d{8}$ (boş: yok)</translation>
    </message>
    <message>
        <source>{example}  (empty: the documented names)</source>
        <translation>{example}  (boş: belgelenen adlar)</translation>
    </message>
    <message>
        <source>Barcode attribute keys (after restart)</source>
        <translation>Barkod öznitelik anahtarları (yeniden başlatınca)</translation>
    </message>
    <message>
        <source>Invoice number pattern</source>
        <translation>Fatura numarası kalıbı</translation>
    </message>
    <message>
        <source>API profile overrides (after restart)</source>
        <translation>API profili değişiklikleri (yeniden başlatınca)</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>{url} adresine bağlanılıyor…</translation>
    </message>
    <message>
        <source>Connected as {username}: 1 stock location. Choose it, then OK.</source>
        <translation>{username} olarak bağlanıldı: 1 stok lokasyonu. Onu seçin, sonra Tamam&apos;a basın.</translation>
    </message>
    <message>
        <source>Connected as {username}: {count} stock locations. Choose one, then OK.</source>
        <translation>{username} olarak bağlanıldı: {count} stok lokasyonu. Birini seçin, sonra Tamam&apos;a basın.</translation>
    </message>
    <message>
        <source>Signed out ({username}): sign in to send commands and sync.</source>
        <translation>Oturum kapalı ({username}): komut göndermek ve eşitlemek için oturum açın.</translation>
    </message>
    <message>
        <source>API profile overrides are not JSON ({reason}, line {line})</source>
        <translation>API profili değişiklikleri JSON değil ({reason}, satır {line})</translation>
    </message>
    <message>
        <source>API profile overrides must be a JSON object, e.g. {example}</source>
        <translation>API profili değişiklikleri bir JSON nesnesi olmalı, ör. {example}</translation>
    </message>
    <message>
        <source>Press Connect to use the new OMS address or user (or type the old ones back).</source>
        <translation>Yeni OMS adresini veya kullanıcısını kullanmak için Bağlan&apos;a basın (ya da eskilerini geri yazın).</translation>
    </message>
    <message>
        <source>Could not save the settings ({reason}): nothing was changed.</source>
        <translation>Ayarlar kaydedilemedi ({reason}): hiçbir şey değişmedi.</translation>
    </message>
    <message>
        <source>OMS address / user (press Connect)</source>
        <translation>OMS adresi / kullanıcısı (Bağlan&apos;a basın)</translation>
    </message>
    <message>
        <source>Takes effect after a restart: {changes}.</source>
        <translation>Yeniden başlatınca geçerli olacak: {changes}.</translation>
    </message>
    <message>
        <source>Everything changed here takes effect at once, except what says (after restart).</source>
        <translation>Burada değiştirilen her şey hemen geçerli olur; (yeniden başlatınca) yazanlar hariç.</translation>
    </message>
    <message>
        <source>Not set up for OMS: connect below.</source>
        <translation>OMS için kurulmadı: aşağıdan bağlanın.</translation>
    </message>
    <message>
        <source>{username} at {url}</source>
        <translation>{url} üzerinde {username}</translation>
    </message>
    <message>
        <source>Connect first</source>
        <translation>Önce bağlanın</translation>
    </message>
</context>
<context>
    <name>SetupDialog</name>
    <message>
        <source>Packing Station — set-up</source>
        <translation>Paketleme İstasyonu — kurulum</translation>
    </message>
    <message>
        <source>https://oms.example.com</source>
        <translation>https://oms.example.com</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Bağlan</translation>
    </message>
    <message>
        <source>Connect first</source>
        <translation>Önce bağlanın</translation>
    </message>
    <message>
        <source>Start preparing when a package opens</source>
        <translation>Paket açılınca hazırlamaya başla</translation>
    </message>
    <message>
        <source>Sounds on</source>
        <translation>Sesler açık</translation>
    </message>
    <message>
        <source>OMS address</source>
        <translation>OMS adresi</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Kullanıcı adı</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Parola</translation>
    </message>
    <message>
        <source>Stock location</source>
        <translation>Stok yeri</translation>
    </message>
    <message>
        <source>Packer</source>
        <translation>Paketleyen</translation>
    </message>
    <message>
        <source>Scanner prefix</source>
        <translation>Okuyucu ön eki</translation>
    </message>
    <message>
        <source>Scanner suffix</source>
        <translation>Okuyucu son eki</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Ses düzeyi</translation>
    </message>
    <message>
        <source>Connecting to {url}…</source>
        <translation>{url} adresine bağlanılıyor…</translation>
    </message>
    <message>
        <source>Connected as {username}: 1 stock location.</source>
        <translation>{username} olarak bağlanıldı: 1 stok lokasyonu.</translation>
    </message>
    <message>
        <source>Connected as {username}: {count} stock locations.</source>
        <translation>{username} olarak bağlanıldı: {count} stok lokasyonu.</translation>
    </message>
    <message>
        <source>This OMS user sees no stock locations.</source>
        <translation>Bu OMS kullanıcısı hiçbir stok yeri göremiyor.</translation>
    </message>
    <message>
        <source>Connect and choose a stock location first.</source>
        <translation>Önce bağlanıp bir stok yeri seçin.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Devam</translation>
    </message>
    <message>
        <source>Settings saved, but {reason}.</source>
        <translation>Ayarlar kaydedildi, ancak {reason}.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Packing Station — sign in to OMS</source>
        <translation>Paketleme İstasyonu — OMS&apos;te oturum aç</translation>
    </message>
    <message>
        <source>Sign in to OMS to send commands and sync.</source>
        <translation>Komut göndermek ve eşitlemek için OMS&apos;te oturum açın.</translation>
    </message>
    <message>
        <source>Packing goes on meanwhile: commands wait in the outbox and are sent once you are signed in. The password is not saved.</source>
        <translation>Bu sırada paketlemeye devam edebilirsiniz: komutlar giden kutusunda bekler ve oturum açınca gönderilir. Parola kaydedilmez.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Oturum aç</translation>
    </message>
    <message>
        <source>OMS address</source>
        <translation>OMS adresi</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Kullanıcı adı</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Parola</translation>
    </message>
    <message>
        <source>Enter the OMS username and password.</source>
        <translation>OMS kullanıcı adını ve parolasını girin.</translation>
    </message>
    <message>
        <source>Signing in to {url}…</source>
        <translation>{url} adresinde oturum açılıyor…</translation>
    </message>
    <message>
        <source>Signed in for this run only: {reason}.</source>
        <translation>Oturum yalnızca bu çalışma için açıldı: {reason}.</translation>
    </message>
</context>
<context>
    <name>StatsWidget</name>
    <message>
        <source>Today</source>
        <translation>Bugün</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Dün</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>Özel</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>İstatistikler</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Göster</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV olarak dışa aktar…</translation>
    </message>
    <message>
        <source>Packages per hour</source>
        <translation>Saatlik paket</translation>
    </message>
    <message>
        <source>Items per hour</source>
        <translation>Saatlik ürün</translation>
    </message>
    <message>
        <source>Shift:</source>
        <translation>Vardiya:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>başlangıç</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bitiş</translation>
    </message>
    <message>
        <source>Packer:</source>
        <translation>Paketleyen:</translation>
    </message>
    <message>
        <source>Statistics need the station&apos;s database file; this one is in memory.</source>
        <translation>İstatistikler için istasyonun veritabanı dosyası gerekir; bu veritabanı bellekte.</translation>
    </message>
    <message>
        <source>Reading the figures…</source>
        <translation>Rakamlar okunuyor…</translation>
    </message>
    <message>
        <source>The figures could not be read: {reason}</source>
        <translation>Rakamlar okunamadı: {reason}</translation>
    </message>
    <message>
        <source>The figures could not be read ({kind}: {reason}).</source>
        <translation>Rakamlar okunamadı ({kind}: {reason}).</translation>
    </message>
    <message>
        <source>Shift {start} – {end}: nothing was packed in this shift.</source>
        <translation>Vardiya {start} – {end}: bu vardiyada hiçbir şey paketlenmedi.</translation>
    </message>
    <message>
        <source>Shift {start} – {end} · {count} packers · rates per active hour (a clock hour with any scan or completion)</source>
        <translation>Vardiya {start} – {end} · {count} paketleyen · oranlar aktif saat başına (içinde okutma ya da tamamlama olan saat)</translation>
    </message>
    <message>
        <source>Shift {start} – {end} · 1 packer · rates per active hour (a clock hour with any scan or completion)</source>
        <translation>Vardiya {start} – {end} · 1 paketleyen · oranlar aktif saat başına (içinde okutma ya da tamamlama olan saat)</translation>
    </message>
    <message>
        <source>Nothing to export yet: the figures are still being read.</source>
        <translation>Henüz dışa aktarılacak bir şey yok: rakamlar hâlâ okunuyor.</translation>
    </message>
    <message>
        <source>Export statistics</source>
        <translation>İstatistikleri dışa aktar</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV dosyaları (*.csv)</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}.</source>
        <translation>{path} kaydedilemedi: {reason}.</translation>
    </message>
    <message>
        <source>Saved 1 row to {path}.</source>
        <translation>1 satır {path} dosyasına kaydedildi.</translation>
    </message>
    <message>
        <source>Saved {count} rows to {path}.</source>
        <translation>{count} satır {path} dosyasına kaydedildi.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Synced: never</source>
        <translation>Eşitleme: hiç yapılmadı</translation>
    </message>
    <message>
        <source>Packer: {name}</source>
        <translation>Paketleyen: {name}</translation>
    </message>
    <message>
        <source>Scans are heard only while this window is active</source>
        <translation>Okutmalar yalnızca bu pencere etkinken algılanır</translation>
    </message>
    <message>
        <source>Needs attention ({n})</source>
        <translation>İlgilenilmesi gerekenler ({n})</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Geçmiş</translation>
    </message>
    <message>
        <source> · {n} uncertain</source>
        <translation> · {n} belirsiz</translation>
    </message>
    <message>
        <source> · {n} conflict</source>
        <translation> · {n} çakışma</translation>
    </message>
    <message>
        <source>Outbox: {n} pending</source>
        <translation>Giden kutusu: {n} bekliyor</translation>
    </message>
    <message>
        <source>Outbox: {waiting} pending · {uncertain} uncertain · {conflict} conflict</source>
        <translation>Giden kutusu: {waiting} bekliyor · {uncertain} belirsiz · {conflict} çakışma</translation>
    </message>
</context>
<context>
    <name>SupervisorsPage</name>
    <message>
        <source>Remove selected</source>
        <translation>Seçileni kaldır</translation>
    </message>
    <message>
        <source>Add supervisor</source>
        <translation>Yetkili ekle</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN (tekrar)</translation>
    </message>
    <message>
        <source>Who may override a blocked completion (PINs are stored only as scrypt hashes):</source>
        <translation>Engellenen bir tamamlamayı kimler onaylayabilir (PIN&apos;ler yalnızca scrypt özeti olarak saklanır):</translation>
    </message>
    <message>
        <source>the two PINs differ: type the same PIN twice</source>
        <translation>iki PIN farklı: aynı PIN&apos;i iki kez yazın</translation>
    </message>
    <message>
        <source>{name} may override blocked completions (after OK).</source>
        <translation>{name} engellenen tamamlamaları onaylayabilecek (Tamam&apos;dan sonra).</translation>
    </message>
    <message>
        <source>Choose the supervisor to remove first.</source>
        <translation>Önce kaldırılacak yetkiliyi seçin.</translation>
    </message>
    <message>
        <source>{name} removed (after OK).</source>
        <translation>{name} kaldırıldı (Tamam&apos;dan sonra).</translation>
    </message>
</context>
<context>
    <name>Thumbnails</name>
    <message>
        <source>No image cached for this product yet</source>
        <translation>Bu ürünün resmi henüz önbellekte yok</translation>
    </message>
    <message>
        <source>no
image</source>
        <translation>resim
yok</translation>
    </message>
</context>
<context>
    <name>Today</name>
    <message>
        <source>waiting to send</source>
        <translation>gönderilmeyi bekliyor</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>iletildi</translation>
    </message>
    <message>
        <source>checking with OMS</source>
        <translation>OMS ile kontrol ediliyor</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>çakışma</translation>
    </message>
    <message>
        <source>refused by OMS</source>
        <translation>OMS reddetti</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>vazgeçildi</translation>
    </message>
</context>
<context>
    <name>WindowMenu</name>
    <message>
        <source>&amp;Station</source>
        <translation>&amp;İstasyon</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Şimdi eşitle</translation>
    </message>
    <message>
        <source>Go offline</source>
        <translation>Çevrimdışı çalış</translation>
    </message>
    <message>
        <source>Stop sending to OMS; commands queue until you go online</source>
        <translation>OMS&apos;e göndermeyi durdur; çevrimiçi olana kadar komutlar kuyrukta bekler</translation>
    </message>
    <message>
        <source>Scanner test…</source>
        <translation>Okuyucu testi…</translation>
    </message>
    <message>
        <source>Needs attention</source>
        <translation>İlgilenilmesi gerekenler</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Geçmiş</translation>
    </message>
    <message>
        <source>Statistics…</source>
        <translation>İstatistikler…</translation>
    </message>
    <message>
        <source>Switch packer…</source>
        <translation>Paketleyeni değiştir…</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Ayarlar…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Oturumu kapat</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Çıkış</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Görünüm</translation>
    </message>
    <message>
        <source>Package queue</source>
        <translation>Paket kuyruğu</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Tam ekran</translation>
    </message>
    <message>
        <source>Packed today…</source>
        <translation>Bugün paketlenenler…</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>The station is not set up for OMS yet: it packs from this computer&apos;s cache. Start it again to set it up.</source>
        <translation>İstasyon henüz OMS için kurulmadı: bu bilgisayarın önbelleğinden paketler. Kurmak için yeniden başlatın.</translation>
    </message>
    <message>
        <source>Packing Station</source>
        <translation>Paketleme İstasyonu</translation>
    </message>
    <message>
        <source>Cannot start: {reason}.</source>
        <translation>Başlatılamıyor: {reason}.</translation>
    </message>
    <message>
        <source>No saved sign-in for {username}: the system keyring has no OMS token here. Sign in to send commands and sync; packing goes on meanwhile.</source>
        <translation>{username} için kayıtlı oturum yok: sistem anahtarlığında burada OMS belirteci yok. Komut göndermek ve eşitlemek için oturum açın; bu sırada paketleme sürer.</translation>
    </message>
    <message>
        <source>Not connecting to OMS: {reason}. Packing goes on from this computer&apos;s cache.</source>
        <translation>OMS&apos;e bağlanılmıyor: {reason}. Paketleme bu bilgisayarın önbelleğinden sürer.</translation>
    </message>
    <message>
        <source>OMS password for {username}:</source>
        <translation>{username} için OMS parolası:</translation>
    </message>
    <message>
        <source>Packing Station — DEMO ({url})</source>
        <translation>Paketleme İstasyonu — DEMO ({url})</translation>
    </message>
    <message>
        <source>Demo: the OMS is now unreachable. Keep packing: commands queue.</source>
        <translation>Demo: OMS&apos;e artık ulaşılamıyor. Paketlemeye devam edin: komutlar kuyrukta bekler.</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source>0 or 1</source>
        <translation>0 ya da 1</translation>
    </message>
    <message>
        <source>0, 1 or 9</source>
        <translation>0, 1 ya da 9</translation>
    </message>
    <message>
        <source>All {count} items scanned.</source>
        <translation>{count} ürünün hepsi okutuldu.</translation>
    </message>
    <message>
        <source>Answer first.</source>
        <translation>Önce yanıt verin.</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>Blokla</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Vazgeç</translation>
    </message>
    <message>
        <source>Cancelled. Package {number} stays open.</source>
        <translation>Vazgeçildi. {number} numaralı paket açık kalıyor.</translation>
    </message>
    <message>
        <source>Cancelled: {label} not sent. Package {number} stays open.</source>
        <translation>Vazgeçildi: {label} gönderilmedi. {number} numaralı paket açık kalıyor.</translation>
    </message>
    <message>
        <source>Caps Lock is on: letters arrive in the wrong case. Turn it off.</source>
        <translation>Caps Lock açık: harfler yanlış büyüklükte geliyor. Kapatın.</translation>
    </message>
    <message>
        <source>Choose again: that choice is no longer asked.</source>
        <translation>Yeniden seçin: bu seçim artık sorulmuyor.</translation>
    </message>
    <message>
        <source>Choose again: that item is not in the open package.</source>
        <translation>Yeniden seçin: bu ürün açık pakette yok.</translation>
    </message>
    <message>
        <source>Choose the command: {labels}.</source>
        <translation>Komutu seçin: {labels}.</translation>
    </message>
    <message>
        <source>Choose the product: {code} matches {count} products ({titles}).</source>
        <translation>Ürünü seçin: {code} kodu {count} ürünle eşleşiyor ({titles}).</translation>
    </message>
    <message>
        <source>Click &amp; collect</source>
        <translation>Tıkla Gel Al</translation>
    </message>
    <message>
        <source>Complete packaging</source>
        <translation>Paketlemeyi Tamamla</translation>
    </message>
    <message>
        <source>Complete without shipment</source>
        <translation>Kargosuz Tamamla</translation>
    </message>
    <message>
        <source>Defective</source>
        <translation>Defolu</translation>
    </message>
    <message>
        <source>Do not pack it: {title} was cancelled in package {number}.</source>
        <translation>Paketlemeyin: {title}, {number} numaralı pakette iptal edildi.</translation>
    </message>
    <message>
        <source>Done — put the label on. ({label} saved for package {number})</source>
        <translation>Tamam — etiketi yapıştırın. ({number} numaralı paket için {label} kaydedildi)</translation>
    </message>
    <message>
        <source>Every unit of it is already chosen.</source>
        <translation>Bu ürünün tüm adetleri zaten seçili.</translation>
    </message>
    <message>
        <source>Finish: {finish} — all {count} items scanned.</source>
        <translation>Bitirmek için: {finish} — {count} ürünün hepsi okutuldu.</translation>
    </message>
    <message>
        <source>Finish: {finish} — the item is scanned.</source>
        <translation>Bitirmek için: {finish} — ürün okutuldu.</translation>
    </message>
    <message>
        <source>GS1 AI {ai} ({name})</source>
        <translation>GS1 AI {ai} ({name})</translation>
    </message>
    <message>
        <source>GS1 AI {ai} appears twice</source>
        <translation>GS1 AI {ai} iki kez geçiyor</translation>
    </message>
    <message>
        <source>GS1 AI {ai} appears twice with different values</source>
        <translation>GS1 AI {ai} farklı değerlerle iki kez geçiyor</translation>
    </message>
    <message>
        <source>GS1 Digital Link has no valid domain</source>
        <translation>GS1 Digital Link geçerli bir alan adı içermiyor</translation>
    </message>
    <message>
        <source>GS1 Digital Link: ?{ai}= is not a GS1 application identifier</source>
        <translation>GS1 Digital Link: ?{ai}= bir GS1 uygulama tanımlayıcısı değil</translation>
    </message>
    <message>
        <source>GS1 Digital Link: AI {ai} has no data</source>
        <translation>GS1 Digital Link: AI {ai} veri içermiyor</translation>
    </message>
    <message>
        <source>GS1 Digital Link: AI {ai} may not be a query parameter here</source>
        <translation>GS1 Digital Link: AI {ai} burada sorgu parametresi olamaz</translation>
    </message>
    <message>
        <source>GS1 Digital Link: {qualifiers} may not follow AI {ai} in the path</source>
        <translation>GS1 Digital Link: yolda AI {ai} ardından {qualifiers} gelemez</translation>
    </message>
    <message>
        <source>GS1 check digit wrong in {name} {code} (should end in {digit})</source>
        <translation>{name} {code} içinde GS1 kontrol basamağı yanlış ({digit} ile bitmeli)</translation>
    </message>
    <message>
        <source>GS1 scan contains no data</source>
        <translation>GS1 okutması veri içermiyor</translation>
    </message>
    <message>
        <source>GTIN of contained items</source>
        <translation>içerilen ürünlerin GTIN&apos;i</translation>
    </message>
    <message>
        <source>Gift box</source>
        <translation>Hediye kutusu</translation>
    </message>
    <message>
        <source>Gift box: {note}</source>
        <translation>Hediye kutusu: {note}</translation>
    </message>
    <message>
        <source>Invoice number</source>
        <translation>Fatura numarası</translation>
    </message>
    <message>
        <source>Last unit un-chosen.</source>
        <translation>Son adetin seçimi kaldırıldı.</translation>
    </message>
    <message>
        <source>Leave it</source>
        <translation>Bırak</translation>
    </message>
    <message>
        <source>Mark as delivered if OMS already has this command, or discard it.</source>
        <translation>OMS bu komutu zaten aldıysa iletildi olarak işaretleyin, almadıysa vazgeçin.</translation>
    </message>
    <message>
        <source>No invoice for package {number} in this station&apos;s cache: it is fetched from {url} after OMS has the package packed (invoice source: url).</source>
        <translation>{number} numaralı paketin faturası bu istasyonun önbelleğinde yok: OMS paketi paketlendi olarak kaydettikten sonra {url} adresinden alınır (fatura kaynağı: url).</translation>
    </message>
    <message>
        <source>No invoice for package {number} in this station&apos;s cache: the invoice is made after OMS has the package packed (invoice source: oms).</source>
        <translation>{number} numaralı paketin faturası bu istasyonun önbelleğinde yok: fatura, OMS paketi paketlendi olarak kaydettikten sonra oluşturulur (fatura kaynağı: oms).</translation>
    </message>
    <message>
        <source>No invoice for package {number}: this station has no invoice source (set printing.invoice_source to oms or url:…).</source>
        <translation>{number} numaralı paket için fatura yok: bu istasyonun fatura kaynağı yok (printing.invoice_source ayarını oms ya da url:… yapın).</translation>
    </message>
    <message>
        <source>No printer is set up at this station: nothing was queued.</source>
        <translation>Bu istasyonda kurulu yazıcı yok: hiçbir şey kuyruğa alınmadı.</translation>
    </message>
    <message>
        <source>No unit chosen yet.</source>
        <translation>Henüz adet seçilmedi.</translation>
    </message>
    <message>
        <source>Not now: nothing asks for card {card}.</source>
        <translation>Şimdi değil: {card} kartını bekleyen bir şey yok.</translation>
    </message>
    <message>
        <source>Not now: {command} is not offered for package {number} ({state}), nor is any other command.</source>
        <translation>Şimdi değil: {number} numaralı paket ({state}) için {command} ya da başka bir komut sunulmuyor.</translation>
    </message>
    <message>
        <source>Not now: {command} is not offered for package {number} ({state}). Try: {offered}.</source>
        <translation>Şimdi değil: {number} numaralı paket ({state}) için {command} sunulmuyor. Şunları deneyin: {offered}.</translation>
    </message>
    <message>
        <source>Nothing chosen: {code} is not in package {number}.</source>
        <translation>Hiçbir şey seçilmedi: {code}, {number} numaralı pakette yok.</translation>
    </message>
    <message>
        <source>Nothing removed: {code} is not in this package.</source>
        <translation>Hiçbir şey çıkarılmadı: {code} bu pakette yok.</translation>
    </message>
    <message>
        <source>Nothing removed: {code} is not scanned yet.</source>
        <translation>Hiçbir şey çıkarılmadı: {code} henüz okutulmadı.</translation>
    </message>
    <message>
        <source>Nothing to close: no package was open.</source>
        <translation>Kapatılacak bir şey yok: açık paket yoktu.</translation>
    </message>
    <message>
        <source>Nothing to confirm now.</source>
        <translation>Şu anda onaylanacak bir şey yok.</translation>
    </message>
    <message>
        <source>Nothing to reprint: scan the package first, then the REPRINT card.</source>
        <translation>Yeniden yazdırılacak bir şey yok: önce paketi, sonra REPRINT kartını okutun.</translation>
    </message>
    <message>
        <source>Nothing to undo: no unit of package {number} is scanned.</source>
        <translation>Geri alınacak bir şey yok: {number} numaralı paketin hiçbir ürünü okutulmadı.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Tamam</translation>
    </message>
    <message>
        <source>OK: send 1 unit</source>
        <translation>Tamam: 1 adet gönder</translation>
    </message>
    <message>
        <source>OK: send {count} units</source>
        <translation>Tamam: {count} adet gönder</translation>
    </message>
    <message>
        <source>OMS does not show {what} yet</source>
        <translation>OMS henüz {what} göstermiyor</translation>
    </message>
    <message>
        <source>OMS gave no reason</source>
        <translation>OMS neden belirtmedi</translation>
    </message>
    <message>
        <source>OMS logged this command (log {log})</source>
        <translation>OMS bu komutu kaydetti (kayıt {log})</translation>
    </message>
    <message>
        <source>OMS made invoice {invoice} for package {number}, but this station&apos;s copy of it is gone: print it from OMS.</source>
        <translation>OMS, {number} numaralı paket için {invoice} faturasını oluşturdu ama bu istasyondaki kopyası kayıp: faturayı OMS&apos;ten yazdırın.</translation>
    </message>
    <message>
        <source>OMS refused package {number}: {reason}. Open Needs attention.</source>
        <translation>OMS {number} numaralı paketi reddetti: {reason}. İlgilenilmesi gerekenleri açın.</translation>
    </message>
    <message>
        <source>OMS refused the invoice of package {number}: {reason}</source>
        <translation>OMS, {number} numaralı paketin faturasını reddetti: {reason}</translation>
    </message>
    <message>
        <source>OMS shows another change {move} after this {command} was sent ({doubts}). {decide}</source>
        <translation>Bu {command} gönderildikten sonra OMS başka bir değişiklik gösteriyor: {move} ({doubts}). {decide}</translation>
    </message>
    <message>
        <source>OMS shows the package in {state}, but no transition log proves this {command} did it. {decide}</source>
        <translation>OMS paketi {state} durumunda gösteriyor, ama bunu bu {command} komutunun yaptığını kanıtlayan bir geçiş kaydı yok. {decide}</translation>
    </message>
    <message>
        <source>OMS shows {what}</source>
        <translation>OMS {what} gösteriyor</translation>
    </message>
    <message>
        <source>OMS still shows the source state {state}</source>
        <translation>OMS hâlâ başlangıç durumunu gösteriyor: {state}</translation>
    </message>
    <message>
        <source>Order note: {note}</source>
        <translation>Sipariş notu: {note}</translation>
    </message>
    <message>
        <source>Out of stock</source>
        <translation>Stokta yok</translation>
    </message>
    <message>
        <source>Override refused: {reason}. Nothing was saved.</source>
        <translation>Onay reddedildi: {reason}. Hiçbir şey kaydedilmedi.</translation>
    </message>
    <message>
        <source>Package {number} closed: nothing sent, its 1 scan is kept.</source>
        <translation>{number} numaralı paket kapatıldı: hiçbir şey gönderilmedi, 1 okutması saklanıyor.</translation>
    </message>
    <message>
        <source>Package {number} closed: nothing sent, its {count} scans are kept.</source>
        <translation>{number} numaralı paket kapatıldı: hiçbir şey gönderilmedi, {count} okutması saklanıyor.</translation>
    </message>
    <message>
        <source>Package {number} closed: nothing sent.</source>
        <translation>{number} numaralı paket kapatıldı: hiçbir şey gönderilmedi.</translation>
    </message>
    <message>
        <source>Package {number} is already open.</source>
        <translation>{number} numaralı paket zaten açık.</translation>
    </message>
    <message>
        <source>Package {number} kept for later.</source>
        <translation>{number} numaralı paket sonraya bırakıldı.</translation>
    </message>
    <message>
        <source>Package {number} kept with 1 item scanned.</source>
        <translation>{number} numaralı paket 1 ürün okutulmuş olarak bırakıldı.</translation>
    </message>
    <message>
        <source>Package {number} kept with {count} items scanned.</source>
        <translation>{number} numaralı paket {count} ürün okutulmuş olarak bırakıldı.</translation>
    </message>
    <message>
        <source>Package {number} left to whoever is packing it. Scan the next package.</source>
        <translation>{number} numaralı paket, paketleyen kişiye bırakıldı. Sıradaki paketi okutun.</translation>
    </message>
    <message>
        <source>Package {number} open.</source>
        <translation>{number} numaralı paket açık.</translation>
    </message>
    <message>
        <source>Package {number} open: scan its items — {left} left.</source>
        <translation>{number} numaralı paket açık: ürünlerini okutun — {left} kaldı.</translation>
    </message>
    <message>
        <source>Packed for refund</source>
        <translation>İade için paketlendi</translation>
    </message>
    <message>
        <source>Probably Caps Lock is on: letters arrive in the wrong case. Turn it off.</source>
        <translation>Büyük olasılıkla Caps Lock açık: harfler yanlış büyüklükte geliyor. Kapatın.</translation>
    </message>
    <message>
        <source>Probably {cause}. Set the scanner&apos;s keyboard language to {name}, or switch the computer&apos;s keyboard layout to US.</source>
        <translation>Büyük olasılıkla {cause}. Okuyucunun klavye dilini {name} yapın ya da bilgisayarın klavye düzenini ABD&apos;ye çevirin.</translation>
    </message>
    <message>
        <source>Put it back: serial {serial} is already scanned in package {number}.</source>
        <translation>Geri koyun: {serial} seri numarası {number} numaralı pakette zaten okutuldu.</translation>
    </message>
    <message>
        <source>Read-only.</source>
        <translation>Salt okunur.</translation>
    </message>
    <message>
        <source>Ready for packaging</source>
        <translation>Paketlemeye Hazır</translation>
    </message>
    <message>
        <source>Reason {reason} is not an active denial reason here.</source>
        <translation>{reason} burada etkin bir ret nedeni değil.</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>Reddet</translation>
    </message>
    <message>
        <source>Refuse or block first ({refuse} / {block}): nothing asks for reason {reason} now.</source>
        <translation>Önce reddedin ya da engelleyin ({refuse} / {block}): şu anda {reason} nedenini bekleyen bir şey yok.</translation>
    </message>
    <message>
        <source>Remote id</source>
        <translation>Uzak kimlik</translation>
    </message>
    <message>
        <source>Remove a unit</source>
        <translation>Bir adet çıkar</translation>
    </message>
    <message>
        <source>Reprinting {documents} for package {number}.</source>
        <translation>{number} numaralı paket için {documents} yeniden yazdırılıyor.</translation>
    </message>
    <message>
        <source>Saved: {label} for package {number}.</source>
        <translation>Kaydedildi: {number} numaralı paket için {label}.</translation>
    </message>
    <message>
        <source>Saved: {label} for package {number}. Scan the next package.</source>
        <translation>Kaydedildi: {number} numaralı paket için {label}. Sıradaki paketi okutun.</translation>
    </message>
    <message>
        <source>Saved: {what} {value} for package {number}.</source>
        <translation>Kaydedildi: {number} numaralı paket için {what} {value}.</translation>
    </message>
    <message>
        <source>Scan a package first: no package is open.</source>
        <translation>Önce bir paket okutun: açık paket yok.</translation>
    </message>
    <message>
        <source>Scan a package first: the {what} needs an open package.</source>
        <translation>Önce bir paket okutun: {what} için açık bir paket gerekir.</translation>
    </message>
    <message>
        <source>Scan a package first: {action} needs an open package.</source>
        <translation>Önce bir paket okutun: {action} için açık bir paket gerekir.</translation>
    </message>
    <message>
        <source>Scan it again: that scan was NOT saved ({error}).</source>
        <translation>Yeniden okutun: bu okutma KAYDEDİLMEDİ ({error}).</translation>
    </message>
    <message>
        <source>Scan it again: unreadable scan ({reason}).</source>
        <translation>Yeniden okutun: okunamayan okutma ({reason}).</translation>
    </message>
    <message>
        <source>Scan it again: unreadable scan ({text}: {reason}).</source>
        <translation>Yeniden okutun: okunamayan okutma ({text}: {reason}).</translation>
    </message>
    <message>
        <source>Scan its items — {left} left.</source>
        <translation>Ürünlerini okutun — {left} kaldı.</translation>
    </message>
    <message>
        <source>Scan one package of order {order}: {numbers}.</source>
        <translation>{order} siparişinin paketlerinden birini okutun: {numbers}.</translation>
    </message>
    <message>
        <source>Scan or type the {what} again: it was empty, nothing saved.</source>
        <translation>{what} bilgisini yeniden okutun ya da yazın: boştu, hiçbir şey kaydedilmedi.</translation>
    </message>
    <message>
        <source>Scan or type the {what} for package {number}.</source>
        <translation>{number} numaralı paket için {what} bilgisini okutun ya da yazın.</translation>
    </message>
    <message>
        <source>Scan the item to take out of package {number}.</source>
        <translation>{number} numaralı paketten çıkarılacak ürünü okutun.</translation>
    </message>
    <message>
        <source>Scan the next item — {left} left.</source>
        <translation>Sıradaki ürünü okutun — {left} kaldı.</translation>
    </message>
    <message>
        <source>Scan the next package: {number} is no longer at this station ({reason}) and was closed.</source>
        <translation>Sıradaki paketi okutun: {number} artık bu istasyonda değil ({reason}) ve kapatıldı.</translation>
    </message>
    <message>
        <source>Scan the next package: {number} is no longer at this station and was closed.</source>
        <translation>Sıradaki paketi okutun: {number} artık bu istasyonda değil ve kapatıldı.</translation>
    </message>
    <message>
        <source>Scan the package number: {code} is in {count} packages ({numbers}).</source>
        <translation>Paket numarasını okutun: {code}, {count} pakette var ({numbers}).</translation>
    </message>
    <message>
        <source>Scan the rest first, or get a supervisor override. Still expected: {missing}.</source>
        <translation>Önce kalanları okutun ya da bir yetkiliden onay alın. Hâlâ beklenen: {missing}.</translation>
    </message>
    <message>
        <source>Start preparing</source>
        <translation>Hazırlamaya başla</translation>
    </message>
    <message>
        <source>Started preparing.</source>
        <translation>Hazırlanmaya başlandı.</translation>
    </message>
    <message>
        <source>Sync first: package {id} is not in the cache.</source>
        <translation>Önce eşitleyin: {id} numaralı paket önbellekte yok.</translation>
    </message>
    <message>
        <source>Sync with OMS, then try again: {label} needs a denial reason and none is synced yet. Nothing was sent.</source>
        <translation>OMS ile eşitleyip yeniden deneyin: {label} bir ret nedeni gerektiriyor ve henüz hiçbiri eşitlenmedi. Hiçbir şey gönderilmedi.</translation>
    </message>
    <message>
        <source>Take another package: {number} is no longer at this station ({reason}).</source>
        <translation>Başka bir paket alın: {number} artık bu istasyonda değil ({reason}).</translation>
    </message>
    <message>
        <source>Take another package: {number} is no longer at this station.</source>
        <translation>Başka bir paket alın: {number} artık bu istasyonda değil.</translation>
    </message>
    <message>
        <source>Take it over</source>
        <translation>Devral</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Devral</translation>
    </message>
    <message>
        <source>Take over package {number}? It is being packed at another station (OMS shows it {state}). Yes: {confirm}. No: {cancel}.</source>
        <translation>{number} numaralı paket devralınsın mı? Başka bir istasyonda paketleniyor (OMS&apos;teki durumu: {state}). Evet: {confirm}. Hayır: {cancel}.</translation>
    </message>
    <message>
        <source>Taken back: 1 × {title}. Scan the next item — {left} left.</source>
        <translation>Geri alındı: 1 × {title}. Sıradaki ürünü okutun — {left} kaldı.</translation>
    </message>
    <message>
        <source>Taken over: package {number} is packed here now.</source>
        <translation>Devralındı: {number} numaralı paket artık burada paketleniyor.</translation>
    </message>
    <message>
        <source>The invoice of package {number} is being requested from OMS.</source>
        <translation>{number} numaralı paketin faturası OMS&apos;ten isteniyor.</translation>
    </message>
    <message>
        <source>The invoice request for package {number} may have reached OMS: check OMS, then Retry.</source>
        <translation>{number} numaralı paketin fatura isteği OMS&apos;e ulaşmış olabilir: OMS&apos;i kontrol edin, sonra Yeniden dene&apos;ye basın.</translation>
    </message>
    <message>
        <source>The item is scanned.</source>
        <translation>Ürün okutuldu.</translation>
    </message>
    <message>
        <source>The scan does not match the test code (expected &apos;{expected}&apos;, got &apos;{got}&apos;). Check the scanner&apos;s keyboard language and Caps Lock.</source>
        <translation>Okutma test koduyla eşleşmiyor (beklenen &apos;{expected}&apos;, gelen &apos;{got}&apos;). Okuyucunun klavye dilini ve Caps Lock&apos;u kontrol edin.</translation>
    </message>
    <message>
        <source>The scanner types for a US keyboard but this computer uses the {name} layout</source>
        <translation>Okuyucu ABD klavyesine göre yazıyor ama bu bilgisayar {name} düzenini kullanıyor</translation>
    </message>
    <message>
        <source>The scanner types for a US keyboard but this computer uses the {name} layout and Caps Lock is on</source>
        <translation>Okuyucu ABD klavyesine göre yazıyor ama bu bilgisayar {name} düzenini kullanıyor ve Caps Lock açık</translation>
    </message>
    <message>
        <source>This installation does not use remote ids: nothing to set.</source>
        <translation>Bu kurulum uzak kimlik kullanmıyor: ayarlanacak bir şey yok.</translation>
    </message>
    <message>
        <source>To stop: {key} or the {card} card.</source>
        <translation>Durdurmak için: {key} ya da {card} kartı.</translation>
    </message>
    <message>
        <source>Too many: put 1 × {title} back. (Only 1 was ordered.)</source>
        <translation>Fazla: 1 × {title} geri koyun. (Yalnızca 1 adet sipariş edildi.)</translation>
    </message>
    <message>
        <source>Too many: put 1 × {title} back. (Only {count} were ordered.)</source>
        <translation>Fazla: 1 × {title} geri koyun. (Yalnızca {count} adet sipariş edildi.)</translation>
    </message>
    <message>
        <source>Transition {id}</source>
        <translation>Geçiş {id}</translation>
    </message>
    <message>
        <source>Unblock</source>
        <translation>Blokajı Kaldır</translation>
    </message>
    <message>
        <source>Undo last scan</source>
        <translation>Son okutmayı geri al</translation>
    </message>
    <message>
        <source>Unknown code: scan a package, order or item. ({code} is not at this station)</source>
        <translation>Bilinmeyen kod: bir paket, sipariş ya da ürün okutun. ({code} bu istasyonda yok)</translation>
    </message>
    <message>
        <source>Unnamed product</source>
        <translation>Adsız ürün</translation>
    </message>
    <message>
        <source>Wrong item: put it back. ({code} is not in package {number})</source>
        <translation>Yanlış ürün: geri koyun. ({code}, {number} numaralı pakette yok)</translation>
    </message>
    <message>
        <source>and 1 more product</source>
        <translation>ve 1 ürün daha</translation>
    </message>
    <message>
        <source>and {count} more</source>
        <translation>ve {count} tane daha</translation>
    </message>
    <message>
        <source>and {count} more products</source>
        <translation>ve {count} ürün daha</translation>
    </message>
    <message>
        <source>batch/lot</source>
        <translation>parti/lot</translation>
    </message>
    <message>
        <source>best before date</source>
        <translation>tavsiye edilen son tüketim tarihi</translation>
    </message>
    <message>
        <source>by user {theirs}, not this station&apos;s user {ours}</source>
        <translation>bu istasyonun kullanıcısı {ours} değil, {theirs} kullanıcısı tarafından</translation>
    </message>
    <message>
        <source>by {name}</source>
        <translation>{name} tarafından</translation>
    </message>
    <message>
        <source>by {name} since {since:%H:%M}</source>
        <translation>{since:%H:%M} saatinden beri {name} tarafından</translation>
    </message>
    <message>
        <source>command card has no command after &apos;{prefix}&apos;</source>
        <translation>komut kartında &apos;{prefix}&apos; sonrasında komut yok</translation>
    </message>
    <message>
        <source>command card may only contain letters A–Z, digits and _ (got &apos;{body}&apos;; is the keyboard layout right?)</source>
        <translation>komut kartı yalnızca A–Z harfleri, rakamlar ve _ içerebilir (gelen &apos;{body}&apos;; klavye düzeni doğru mu?)</translation>
    </message>
    <message>
        <source>conflict</source>
        <translation>çakışma</translation>
    </message>
    <message>
        <source>consumer product variant</source>
        <translation>tüketici ürün çeşidi</translation>
    </message>
    <message>
        <source>contains a line break at character {position}: two scans may have run together</source>
        <translation>{position}. karakterde satır sonu var: iki okutma birleşmiş olabilir</translation>
    </message>
    <message>
        <source>contains an invisible or unknown character ({char}) at character {position}</source>
        <translation>{position}. karakterde görünmeyen ya da bilinmeyen bir karakter ({char}) var</translation>
    </message>
    <message>
        <source>contains broken text (an unpaired surrogate) at character {position}</source>
        <translation>{position}. karakterde bozuk metin (eşsiz vekil karakter) var</translation>
    </message>
    <message>
        <source>contains control characters ({char} at character {position})</source>
        <translation>kontrol karakterleri içeriyor ({position}. karakterde {char})</translation>
    </message>
    <message>
        <source>could not read the package back: {error}</source>
        <translation>paket yeniden okunamadı: {error}</translation>
    </message>
    <message>
        <source>count</source>
        <translation>adet</translation>
    </message>
    <message>
        <source>count of contained items</source>
        <translation>içerilen ürün adedi</translation>
    </message>
    <message>
        <source>discarded</source>
        <translation>vazgeçildi</translation>
    </message>
    <message>
        <source>done</source>
        <translation>tamamlandı</translation>
    </message>
    <message>
        <source>due date</source>
        <translation>vade tarihi</translation>
    </message>
    <message>
        <source>empty scan</source>
        <translation>boş okutma</translation>
    </message>
    <message>
        <source>expiry date</source>
        <translation>son kullanma tarihi</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>başarısız</translation>
    </message>
    <message>
        <source>for items {theirs}, not for this command&apos;s items {ours}</source>
        <translation>bu komutun ürünleri {ours} için değil, {theirs} ürünleri için</translation>
    </message>
    <message>
        <source>gross weight (kg)</source>
        <translation>brüt ağırlık (kg)</translation>
    </message>
    <message>
        <source>hour</source>
        <translation>saat</translation>
    </message>
    <message>
        <source>internal error while reading this scan ({error})</source>
        <translation>bu okutma okunurken iç hata oluştu ({error})</translation>
    </message>
    <message>
        <source>interrupted while sending; OMS is read back before any resend</source>
        <translation>gönderilirken kesildi; yeniden göndermeden önce OMS tekrar okunur</translation>
    </message>
    <message>
        <source>invoice</source>
        <translation>fatura</translation>
    </message>
    <message>
        <source>invoice number</source>
        <translation>fatura numarası</translation>
    </message>
    <message>
        <source>it is {state} on OMS now</source>
        <translation>OMS&apos;teki durumu artık {state}</translation>
    </message>
    <message>
        <source>label</source>
        <translation>etiket</translation>
    </message>
    <message>
        <source>left the packable states</source>
        <translation>paketlenebilir durumlardan çıktı</translation>
    </message>
    <message>
        <source>log {log}: {doubt}</source>
        <translation>kayıt {log}: {doubt}</translation>
    </message>
    <message>
        <source>made by {theirs}, not by {ours}</source>
        <translation>{ours} değil, {theirs} tarafından yapıldı</translation>
    </message>
    <message>
        <source>minute</source>
        <translation>dakika</translation>
    </message>
    <message>
        <source>moved to another stock location</source>
        <translation>başka bir stok yerine taşındı</translation>
    </message>
    <message>
        <source>net weight (kg)</source>
        <translation>net ağırlık (kg)</translation>
    </message>
    <message>
        <source>net weight (lb)</source>
        <translation>net ağırlık (lb)</translation>
    </message>
    <message>
        <source>no longer on OMS (404)</source>
        <translation>artık OMS&apos;te yok (404)</translation>
    </message>
    <message>
        <source>no supervisor is set up at this station (packing-station supervisor add NAME)</source>
        <translation>bu istasyonda tanımlı yetkili yok (packing-station supervisor add AD)</translation>
    </message>
    <message>
        <source>no title</source>
        <translation>başlıksız</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>hiçbir şey</translation>
    </message>
    <message>
        <source>package no longer on OMS (404)</source>
        <translation>paket artık OMS&apos;te yok (404)</translation>
    </message>
    <message>
        <source>package no longer on OMS (404): {oms}</source>
        <translation>paket artık OMS&apos;te yok (404): {oms}</translation>
    </message>
    <message>
        <source>packaging date</source>
        <translation>paketleme tarihi</translation>
    </message>
    <message>
        <source>packer badge needs a name after &apos;{prefix}&apos;</source>
        <translation>paketleyen kartında &apos;{prefix}&apos; sonrasında bir ad olmalı</translation>
    </message>
    <message>
        <source>packing slip</source>
        <translation>irsaliye</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>bekliyor</translation>
    </message>
    <message>
        <source>piece of an item (ITIP)</source>
        <translation>bir ürünün parçası (ITIP)</translation>
    </message>
    <message>
        <source>piece of contained items (ITIP content)</source>
        <translation>içerilen ürünlerin parçası (ITIP içeriği)</translation>
    </message>
    <message>
        <source>press {key} or scan the {card} card</source>
        <translation>{key} tuşuna basın ya da {card} kartını okutun</translation>
    </message>
    <message>
        <source>production date</source>
        <translation>üretim tarihi</translation>
    </message>
    <message>
        <source>reason card needs the reason&apos;s number after &apos;{prefix}&apos; (got &apos;{body}&apos;)</source>
        <translation>neden kartında &apos;{prefix}&apos; sonrasında nedenin numarası olmalı (gelen &apos;{body}&apos;)</translation>
    </message>
    <message>
        <source>remote id</source>
        <translation>uzak kimlik</translation>
    </message>
    <message>
        <source>scan is not text</source>
        <translation>okutma metin değil</translation>
    </message>
    <message>
        <source>scan the {card} card</source>
        <translation>{card} kartını okutun</translation>
    </message>
    <message>
        <source>scan too long ({length} characters)</source>
        <translation>okutma çok uzun ({length} karakter)</translation>
    </message>
    <message>
        <source>second</source>
        <translation>saniye</translation>
    </message>
    <message>
        <source>sell by date</source>
        <translation>son satış tarihi</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>gönderiliyor</translation>
    </message>
    <message>
        <source>serial</source>
        <translation>seri numarası</translation>
    </message>
    <message>
        <source>shipping label</source>
        <translation>kargo etiketi</translation>
    </message>
    <message>
        <source>state {id}</source>
        <translation>durum {id}</translation>
    </message>
    <message>
        <source>the invoice number</source>
        <translation>fatura numarasını</translation>
    </message>
    <message>
        <source>the log does not list the items/inputs, so it cannot be matched to ours</source>
        <translation>kayıt ürünleri/girdileri listelemiyor, bu yüzden bizimkiyle eşleştirilemiyor</translation>
    </message>
    <message>
        <source>the log does not say which command made it</source>
        <translation>kayıt hangi komutun yaptığını söylemiyor</translation>
    </message>
    <message>
        <source>the package is no longer on OMS</source>
        <translation>paket artık OMS&apos;te yok</translation>
    </message>
    <message>
        <source>the package moved on: OMS shows state {state}, the command expected state id {expected}</source>
        <translation>paket ilerledi: OMS {state} durumunu gösteriyor, komut {expected} kimlikli durumu bekliyordu</translation>
    </message>
    <message>
        <source>the remote id</source>
        <translation>uzak kimliği</translation>
    </message>
    <message>
        <source>the scanner types for a US keyboard but this computer uses the {name} layout</source>
        <translation>okuyucu ABD klavyesine göre yazıyor ama bu bilgisayar {name} düzenini kullanıyor</translation>
    </message>
    <message>
        <source>the scanner types for a US keyboard but this computer uses the {name} layout and Caps Lock is on</source>
        <translation>okuyucu ABD klavyesine göre yazıyor ama bu bilgisayar {name} düzenini kullanıyor ve Caps Lock açık</translation>
    </message>
    <message>
        <source>uncertain</source>
        <translation>belirsiz</translation>
    </message>
    <message>
        <source>unexpected error: {error}</source>
        <translation>beklenmedik hata: {error}</translation>
    </message>
    <message>
        <source>unknown GS1 application identifier ({ai})</source>
        <translation>bilinmeyen GS1 uygulama tanımlayıcısı ({ai})</translation>
    </message>
    <message>
        <source>unknown GS1 application identifier at {excerpt}</source>
        <translation>{excerpt} konumunda bilinmeyen GS1 uygulama tanımlayıcısı</translation>
    </message>
    <message>
        <source>variant</source>
        <translation>çeşit</translation>
    </message>
    <message>
        <source>with inputs {theirs}, not this command&apos;s {ours}</source>
        <translation>bu komutun girdileri {ours} değil, {theirs} girdileriyle</translation>
    </message>
    <message>
        <source>wrong name or PIN</source>
        <translation>ad veya PIN yanlış</translation>
    </message>
    <message>
        <source>wrong name or PIN for {name}</source>
        <translation>{name} için ad veya PIN yanlış</translation>
    </message>
    <message>
        <source>{cause}. Set the scanner&apos;s keyboard language to {name}, or switch the computer&apos;s keyboard layout to US.</source>
        <translation>{cause}. Okuyucunun klavye dilini {name} yapın ya da bilgisayarın klavye düzenini ABD&apos;ye çevirin.</translation>
    </message>
    <message>
        <source>{count} × {title}</source>
        <translation>{count} × {title}</translation>
    </message>
    <message>
        <source>{label} (card {id})</source>
        <translation>{label} (kart {id})</translation>
    </message>
    <message>
        <source>{label} contains a character GS1 does not allow: {char}</source>
        <translation>{label}, GS1&apos;in izin vermediği bir karakter içeriyor: {char}</translation>
    </message>
    <message>
        <source>{label} does not fit its format {format}: {excerpt} ({length} characters)</source>
        <translation>{label} biçimine ({format}) uymuyor: {excerpt} ({length} karakter)</translation>
    </message>
    <message>
        <source>{label} for package {number}: scan each unit, then {confirm} to send — {count} chosen.</source>
        <translation>{number} numaralı paket için {label}: her adedi okutun, sonra göndermek için {confirm} — {count} seçildi.</translation>
    </message>
    <message>
        <source>{label} has a zero value: {value}</source>
        <translation>{label} sıfır değerli: {value}</translation>
    </message>
    <message>
        <source>{label} has an impossible time (HHMM): {value}</source>
        <translation>{label} geçersiz bir saat içeriyor (SSDD): {value}</translation>
    </message>
    <message>
        <source>{label} has an impossible {what}: {value}</source>
        <translation>{label} geçersiz bir {what} içeriyor: {value}</translation>
    </message>
    <message>
        <source>{label} has no data</source>
        <translation>{label} veri içermiyor</translation>
    </message>
    <message>
        <source>{label} is not a valid date ({pattern}): {value}</source>
        <translation>{label} geçerli bir tarih değil ({pattern}): {value}</translation>
    </message>
    <message>
        <source>{label} is not a valid date ({pattern}): {value} ({year} is not a leap year)</source>
        <translation>{label} geçerli bir tarih değil ({pattern}): {value} ({year} artık yıl değil)</translation>
    </message>
    <message>
        <source>{label} is not a valid piece of total: piece {number} of {total}</source>
        <translation>{label} geçerli bir parça/toplam değil: {total} parçadan {number}. parça</translation>
    </message>
    <message>
        <source>{label} is too long: {length} characters, at most {most}</source>
        <translation>{label} çok uzun: {length} karakter, en fazla {most}</translation>
    </message>
    <message>
        <source>{label} may only end in &apos;-&apos;, got {value}</source>
        <translation>{label} yalnızca &apos;-&apos; ile bitebilir, gelen {value}</translation>
    </message>
    <message>
        <source>{label} must be digits only, got {excerpt}</source>
        <translation>{label} yalnızca rakamlardan oluşmalı, gelen {excerpt}</translation>
    </message>
    <message>
        <source>{label} must be {what}, got {value}</source>
        <translation>{label} {what} olmalı, gelen {value}</translation>
    </message>
    <message>
        <source>{label} must not start with 0: {value}</source>
        <translation>{label} 0 ile başlamamalı: {value}</translation>
    </message>
    <message>
        <source>{label} needs {fixed} characters, got {length}</source>
        <translation>{label} {fixed} karakter olmalı, gelen {length}</translation>
    </message>
    <message>
        <source>{label} package {number}: scan a reason card ({reasons}).</source>
        <translation>{label} — {number} numaralı paket: bir neden kartı okutun ({reasons}).</translation>
    </message>
    <message>
        <source>{mark} {title} #{number}</source>
        <translation>{mark} {title} #{number}</translation>
    </message>
    <message>
        <source>{mark} {title} #{number} (scanned)</source>
        <translation>{mark} {title} #{number} (okutuldu)</translation>
    </message>
    <message>
        <source>{name} (SKU {sku})</source>
        <translation>{name} (SKU {sku})</translation>
    </message>
    <message>
        <source>{name} ({barcode})</source>
        <translation>{name} ({barcode})</translation>
    </message>
    <message>
        <source>{name} is already packing here.</source>
        <translation>{name} zaten burada paketliyor.</translation>
    </message>
    <message>
        <source>{name} is packing now (was {old}).</source>
        <translation>Şimdi {name} paketliyor (önceki: {old}).</translation>
    </message>
    <message>
        <source>{note}.</source>
        <translation>{note}.</translation>
    </message>
    <message>
        <source>{title}: OK.</source>
        <translation>{title}: tamam.</translation>
    </message>
    <message>
        <source>{title}: all {count} OK.</source>
        <translation>{title}: {count} adedin hepsi tamam.</translation>
    </message>
    <message>
        <source>{title}: {verified} of {expected} OK.</source>
        <translation>{title}: {expected} adetten {verified} tanesi tamam.</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>The station&apos;s database cannot be used: {reason}.</source>
        <translation>İstasyonun veritabanı kullanılamıyor: {reason}.</translation>
    </message>
    <message>
        <source>OMS did not accept the station&apos;s sign-in: click “sign in again” in the status bar.</source>
        <translation>OMS istasyonun oturumunu kabul etmedi: durum çubuğunda “yeniden oturum aç”a tıklayın.</translation>
    </message>
    <message>
        <source>The OMS could not be reached. Your work is kept and is sent when it is back.</source>
        <translation>OMS&apos;e ulaşılamadı. Yaptıklarınız saklanıyor ve OMS geri gelince gönderilecek.</translation>
    </message>
    <message>
        <source>The OMS is having trouble right now; the station tries again by itself.</source>
        <translation>OMS şu anda sorun yaşıyor; istasyon kendiliğinden yeniden deneyecek.</translation>
    </message>
    <message>
        <source>That did not work: {reason}</source>
        <translation>Bu işe yaramadı: {reason}</translation>
    </message>
    <message>
        <source>A file or device could not be used: {reason}</source>
        <translation>Bir dosya veya aygıt kullanılamadı: {reason}</translation>
    </message>
    <message>
        <source>Something unexpected went wrong in the Packing Station. Scans and commands saved before it are kept; the details help whoever looks into it.</source>
        <translation>Paketleme İstasyonu&apos;nda beklenmedik bir sorun oluştu. Öncesinde kaydedilen okutmalar ve komutlar korunuyor; ayrıntılar sorunu inceleyecek kişiye yardımcı olur.</translation>
    </message>
    <message>
        <source>(development)</source>
        <translation>(geliştirme)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Yardım</translation>
    </message>
    <message>
        <source>About…</source>
        <translation>Hakkında…</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>OMS address</source>
        <translation>OMS adresi</translation>
    </message>
    <message>
        <source>OMS user</source>
        <translation>OMS kullanıcısı</translation>
    </message>
    <message>
        <source>stock location</source>
        <translation>stok yeri</translation>
    </message>
    <message>
        <source>plain-http permission</source>
        <translation>düz http izni</translation>
    </message>
    <message>
        <source>language</source>
        <translation>dil</translation>
    </message>
    <message>
        <source>barcode attribute keys</source>
        <translation>barkod öznitelik anahtarları</translation>
    </message>
    <message>
        <source>API profile overrides</source>
        <translation>API profili değişiklikleri</translation>
    </message>
</context>
<context>
    <name>setup</name>
    <message>
        <source>Signed out of OMS ({username}). Packing goes on; commands wait in the outbox until someone signs in.</source>
        <translation>OMS oturumu kapatıldı ({username}). Paketleme sürüyor; biri oturum açana kadar komutlar giden kutusunda bekler.</translation>
    </message>
    <message>
        <source>Settings saved. Restart the station to use the new {changes}.</source>
        <translation>Ayarlar kaydedildi. Yeni {changes} için istasyonu yeniden başlatın.</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Enter + line feed</source>
        <translation>Enter + satır sonu</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Hiçbiri</translation>
    </message>
    <message>
        <source>Enter the OMS address as https://host[:port] (for example https://oms.example.com)</source>
        <translation>OMS adresini https://sunucu[:port] biçiminde girin (örneğin https://oms.example.com)</translation>
    </message>
    <message>
        <source>OMS credentials rejected for user {username}: check the username and password.</source>
        <translation>{username} kullanıcısının OMS bilgileri reddedildi: kullanıcı adını ve parolayı kontrol edin.</translation>
    </message>
    <message>
        <source>Could not reach the OMS at {url}: check the address and the network. ({reason})</source>
        <translation>{url} adresindeki OMS&apos;e ulaşılamadı: adresi ve ağı kontrol edin. ({reason})</translation>
    </message>
    <message>
        <source>The OMS at {url} answered unexpectedly: {reason}</source>
        <translation>{url} adresindeki OMS beklenmedik bir yanıt verdi: {reason}</translation>
    </message>
    <message>
        <source>Connecting failed: {kind}: {reason}</source>
        <translation>Bağlantı başarısız: {kind}: {reason}</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(adsız)</translation>
    </message>
    <message>
        <source>Enter the OMS username.</source>
        <translation>OMS kullanıcı adını girin.</translation>
    </message>
    <message>
        <source>Enter the OMS password.</source>
        <translation>OMS parolasını girin.</translation>
    </message>
</context>
<context>
    <name>stats</name>
    <message>
        <source>All packers</source>
        <translation>Tüm paketleyenler</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} sn</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} dk {seconds} sn</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} sa {minutes} dk</translation>
    </message>
    <message>
        <source>Packages</source>
        <translation>Paketler</translation>
    </message>
    <message>
        <source>Items scanned</source>
        <translation>Okutulan ürün</translation>
    </message>
    <message>
        <source>Active hours</source>
        <translation>Aktif saat</translation>
    </message>
    <message>
        <source>Packages per hour</source>
        <translation>Saatlik paket</translation>
    </message>
    <message>
        <source>Items per hour</source>
        <translation>Saatlik ürün</translation>
    </message>
    <message>
        <source>Wrong scans</source>
        <translation>Yanlış okutma</translation>
    </message>
    <message>
        <source>Wrong scans per 100 items</source>
        <translation>100 üründe yanlış okutma</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>Onaylar</translation>
    </message>
    <message>
        <source>Refused overrides</source>
        <translation>Reddedilen onaylar</translation>
    </message>
    <message>
        <source>Time per package</source>
        <translation>Paket başına süre</translation>
    </message>
    <message>
        <source>Time per item</source>
        <translation>Ürün başına süre</translation>
    </message>
    <message>
        <source>Time per median package</source>
        <translation>Ortanca paket başına süre</translation>
    </message>
    <message>
        <source>Time per {items}-item package (median)</source>
        <translation>{items} ürünlü paket başına süre (ortanca)</translation>
    </message>
</context>
</TS>
