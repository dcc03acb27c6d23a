/**
 * The two small scripts of the public side, plain ES2017 with no build step:
 *  - MAP_SCRIPT (`/public/map.js`): loads Leaflet only when a page has a map (`#map` with its
 *    points, or `#pick-map` on the web form that fills the latitude/longitude fields); the page
 *    is complete without it (the list and the fields work with tiles blocked).
 *  - WIDGET_SCRIPT (`/public/widget.js`, D75): one `<script src=".../public/widget.js" async>` in
 *    the town's CMS renders the entry points and the latest released reports right after the
 *    script tag (or into `<div id="stadtbote-widget">`), from `/public/widget.json` (CORS). Text
 *    only through textContent: nothing from the data is parsed as HTML.
 */
export const MAP_SCRIPT = `(function(){
var view=document.getElementById('map'),pick=document.getElementById('pick-map');
var el=view||pick;if(!el)return;
var css=document.createElement('link');css.rel='stylesheet';css.href='/public/leaflet/leaflet.css';document.head.appendChild(css);
var s=document.createElement('script');s.src='/public/leaflet/leaflet.js';s.onload=function(){
var tiles=el.getAttribute('data-tiles'),attribution=el.getAttribute('data-attribution')||'';
var center=[Number(el.getAttribute('data-lat'))||51.364,Number(el.getAttribute('data-lon'))||6.419];
var map=L.map(el).setView(center,14);L.tileLayer(tiles,{attribution:attribution}).addTo(map);
if(view){var pts=JSON.parse(view.getAttribute('data-points')||'[]'),b=[];pts.forEach(function(p){var m=L.marker([p.lat,p.lon],{title:p.label,alt:p.label}).addTo(map);m.bindPopup(p.label);m.on('click',function(){location.href='/public/cases/'+encodeURIComponent(p.r)});b.push([p.lat,p.lon])});if(b.length)map.fitBounds(b,{maxZoom:16});}
if(pick){var marker=null;map.on('click',function(e){var lat=document.getElementById('latitude'),lon=document.getElementById('longitude');lat.value=e.latlng.lat.toFixed(6);lon.value=e.latlng.lng.toFixed(6);if(marker)marker.setLatLng(e.latlng);else marker=L.marker(e.latlng).addTo(map);});}
};document.head.appendChild(s);})();
`;

export const WIDGET_SCRIPT = `(function(){
var me=document.currentScript;if(!me)return;
var origin=new URL(me.src,location.href).origin;
var lang=me.getAttribute('data-lang')==='en'?'en':'de';
var host=document.getElementById('stadtbote-widget');
if(!host){host=document.createElement('div');me.parentNode.insertBefore(host,me.nextSibling);}
var root=host.attachShadow?host.attachShadow({mode:'open'}):host;
function el(tag,text,attrs){var e=document.createElement(tag);if(text)e.textContent=text;for(var k in attrs||{})e.setAttribute(k,attrs[k]);return e;}
fetch(origin+'/public/widget.json?lang='+lang,{credentials:'omit'}).then(function(r){if(!r.ok)throw new Error(r.status);return r.json()}).then(function(d){
var box=el('section',null,{'aria-label':d.title,'class':'sb'});
var style=el('style','.sb{font-family:inherit;border:1px solid #767676;border-radius:6px;padding:1rem;color:#1a1b1e;background:#fff;max-width:30rem}.sb h2{font-size:1.15rem;margin:0 0 .5rem}.sb h3{font-size:1rem;margin:1rem 0 .25rem}.sb a{color:#0b5cad}.sb ul{padding-left:1.2rem;margin:.25rem 0}.sb li{margin:.2rem 0}.sb .m{color:#444;font-size:.9rem}');
box.appendChild(el('h2',d.title));
var entry=el('ul');d.entries.forEach(function(x){var li=el('li');li.appendChild(el('a',x.label,{href:x.url,rel:'noopener'}));entry.appendChild(li)});box.appendChild(entry);
box.appendChild(el('h3',d.latest_title));
var list=el('ul');d.cases.forEach(function(c){var li=el('li');li.appendChild(el('a',c.category+' · '+c.reference,{href:c.url}));li.appendChild(el('div',c.status+(c.place?' · '+c.place:''),{'class':'m'}));list.appendChild(li)});
if(!d.cases.length)list.appendChild(el('li',d.none));box.appendChild(list);
var more=el('p');more.appendChild(el('a',d.more.label,{href:d.more.url}));box.appendChild(more);
root.appendChild(style);root.appendChild(box);
}).catch(function(){});
})();
`;
