/**
 * The simulator's page (GET /ui): messages newest first (which provider API sent each: 阿里云, 腾讯云 or SMPP), refreshed
 * every 2 s, and a box to reply as the donor (pushed, or queued for the platform's pull when the number's last message
 * came through the Tencent API).
 */
export function simPage(): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>模拟短信网关 SMS simulator</title>
<style>body{font:13px system-ui,sans-serif;margin:12px;color:#1f2328}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #d0d7de;padding:3px 6px;text-align:left;vertical-align:top}th{background:#f6f8fa}
form{display:flex;gap:6px;margin:8px 0}input{font:inherit;padding:3px 6px}.ok{color:#1a7f37}.bad{color:#cf222e}#stats{color:#57606a}</style></head>
<body><h3>模拟短信网关 · simulated SMS gateway (Alibaba Cloud dysmsapi 2017-05-25 · Tencent Cloud SMS API 3.0 · SMPP)</h3>
<div id="stats"></div>
<form id="f"><input id="phone" placeholder="手机号 13800138000" size="14" required pattern="1\\d{10}">
<input id="content" placeholder="以献血者身份回复：1-5 / 满意 / 不满意 / TD" size="40" required><button>回复 Reply</button><span id="msg"></span></form>
<table><thead><tr><th>时间</th><th>接口 API</th><th>手机号</th><th>模板</th><th>内容 / 参数</th><th>状态</th><th>BizId / SerialNo / message_id</th><th>计费 Fee</th></tr></thead><tbody id="rows"></tbody></table>
<script>
const esc=(s)=>String(s).replace(/[&<>"]/g,(c)=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
async function load(){const r=await fetch('control/messages?limit=300');const {messages}=await r.json();
document.getElementById('rows').innerHTML=messages.map((m)=>'<tr><td>'+esc(m.acceptedAt.slice(11,19))+'</td><td>'+(m.api==='tencent'?'腾讯云 Tencent':m.api==='smpp'?'SMPP':'阿里云 Aliyun')+'</td><td><a href="#" data-p="'+esc(m.phone)+'">'+esc(m.phone)+'</a></td><td>'+esc(m.templateCode||'—')+'</td><td>'+esc(m.text??JSON.stringify(m.params))+'</td><td class="'+(m.state==='undelivered'?'bad':m.state==='delivered'?'ok':'')+'">'+esc(m.state)+'</td><td>'+esc(m.bizId)+'</td><td>'+esc(m.fee??'')+'</td></tr>').join('');
const s=await (await fetch('control/stats')).json();document.getElementById('stats').textContent='accepted '+s.accepted+' · rejected '+s.rejected+' · faulted '+s.faulted+' · reports pushed '+s.reportsPushed+' · replies '+s.replies+(s.tencent?' · Tencent: reports waiting '+s.tencent.reportsWaiting+', pulled '+s.tencent.reportsPulled+'; replies waiting '+s.tencent.repliesWaiting+', pulled '+s.tencent.repliesPulled:'')+(s.smpp?' · SMPP: '+(s.smpp.bound?'已绑定 bound':'未绑定 not bound')+', submits '+s.smpp.submits+', receipts sent '+s.smpp.receiptsSent+', waiting '+s.smpp.receiptsWaiting:'');}
document.getElementById('rows').addEventListener('click',(e)=>{const p=e.target.dataset&&e.target.dataset.p;if(p){e.preventDefault();document.getElementById('phone').value=p;document.getElementById('content').focus();}});
document.getElementById('f').addEventListener('submit',async(e)=>{e.preventDefault();const r=await fetch('control/reply',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({phone:phone.value,content:content.value})});
const j=await r.json();document.getElementById('msg').textContent=r.ok&&j.reply.pushed?(j.reply.via==='smpp'?'已通过SMPP送达平台 delivered to the platform (deliver_sm)':'已送达平台 delivered to the platform'):r.ok&&j.reply.via==='pull'?'已排队，等平台拉取 queued for the platform to pull':'未送达 '+(j.error??j.reply?.error??'');content.value='';});
load();setInterval(load,2000);
</script></body></html>`;
}
